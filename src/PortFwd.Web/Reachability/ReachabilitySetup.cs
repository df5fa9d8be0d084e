using System.Net;
using System.Net.Sockets;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Reachability;

/// <summary>Registers the reachability check: its steps in order, the probe and its HTTP clients, the checker and its board.</summary>
internal static class ReachabilitySetup
{
    public static IServiceCollection AddPortFwdReachability(this IServiceCollection services)
    {
        // A rule's web server is on the LAN: never through a proxy, and a redirect is an answer, not somewhere to go.
        services.AddHttpClient(ServiceCheck.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        services.AddHttpClient(InternetProbe.ClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(8);
            client.MaxResponseContentBufferSize = InternetProbe.MaxAnswerBytes;
            client.DefaultRequestHeaders.UserAgent.ParseAdd($"PortFwd/{PanelVersion.Text}");
        })
        // Port forwarding on a home router is about IPv4: the probe must see (and connect back to) the IPv4 address.
        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, ConnectCallback = ConnectOverIPv4Async });

        services.AddSingleton<IReachabilityStep, ServiceCheck>();
        services.AddSingleton<IReachabilityStep, RelayCheck>();
        services.AddSingleton<IReachabilityStep, RouterCheck>();
        services.AddSingleton<IReachabilityStep, PublicAddressCheck>();
        services.AddSingleton<IReachabilityStep, InternetCheck>();
        services.AddSingleton<IReachabilityStep, NameCheck>();
        services.AddSingleton<InternetProbe>();
        services.AddSingleton<ReachabilityBoard>();
        services.AddSingleton<ReachabilityChecker>();
        return services;
    }

    private static async ValueTask<Stream> ConnectOverIPv4Async(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var endPoint = context.DnsEndPoint;
            if (IPAddress.TryParse(endPoint.Host, out var literal))
            {
                await socket.ConnectAsync(new IPEndPoint(literal, endPoint.Port), ct);
            }
            else
            {
                await socket.ConnectAsync(new DnsEndPoint(endPoint.Host, endPoint.Port, AddressFamily.InterNetwork), ct);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
