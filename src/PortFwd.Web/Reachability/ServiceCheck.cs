using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortFwd.Core.Rules;
using PortFwd.Web.Hosting;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Reachability;

/// <summary>
/// Step 1: the service behind the rule answers from this machine. TCP rules get a connection (for a range, the first and
/// the last port), HTTP rules a request (any status counts), UDP rules what their traffic says: a datagram cannot
/// be sent blindly to a service whose protocol PortFwd does not speak.
/// </summary>
public sealed class ServiceCheck(IHttpClientFactory clients, TrafficHistory traffic, IHostNameResolver resolver) : IReachabilityStep
{
    /// <summary>The HTTP client for asking a rule's web server (no proxy, no redirects followed).</summary>
    public const string ClientName = "ReachabilityService";

    public CheckStepName Name => CheckStepName.Service;

    /// <summary>How long one connection or request may take before the service counts as not answering.</summary>
    public static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(2);

    public TimeSpan Limit { get; } = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<CheckStep>> RunAsync(CheckContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rule = context.Rule;
        return rule.Protocol switch
        {
            Protocol.Http => [await AskWebServerAsync(rule, ct)],
            Protocol.Udp => [UdpAnswers(rule, await DatagramsAnsweredAsync(rule, ct))],
            Protocol.TcpUdp => [await ConnectAsync(rule, await DatagramsAnsweredAsync(rule, ct), ct)],
            _ => [await ConnectAsync(rule, udpAnswers: null, ct)],
        };
    }

    /// <summary>UDP: a pass when the service answered through the rule in the last hour, else skipped saying why.</summary>
    public static CheckStep UdpAnswers(ForwardingRule rule, long answered)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return answered > 0
            ? CheckStep.Pass(CheckStepName.Service, string.Create(CultureInfo.InvariantCulture,
                $"{Target(rule)} answered {answered} {(answered == 1 ? "datagram" : "datagrams")} through this rule in the last hour."))
            : CheckStep.Skipped(CheckStepName.Service,
                $"A UDP service cannot be tried from here: UDP has no connection to open, and most services ignore a datagram they do not understand. {Target(rule)} has sent no answer through this rule in the last hour.",
                "Use the service once from a client (a game, a VPN app) and check again: its answers through the rule count.");
    }

    /// <summary>The sentence for a TCP connection (or HTTP request) that failed, and what to do.</summary>
    public static CheckStep Unanswered(ForwardingRule rule, int port, SocketError error)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var where = $"{rule.InternalHostForPort}:{port.ToString(CultureInfo.InvariantCulture)}";
        var listen = $"Start the service on {rule.InternalHost}, and check that it listens on port {port.ToString(CultureInfo.InvariantCulture)} on an address this machine can reach (not only 127.0.0.1 when it runs on another device).";
        return error switch
        {
            SocketError.ConnectionRefused => CheckStep.Fail(CheckStepName.Service, $"Nothing listens at {where}: the connection was refused.", listen),
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => CheckStep.Fail(CheckStepName.Service,
                $"The name {rule.InternalHost} does not resolve on this machine.",
                $"Use the device's IP address instead of {rule.InternalHost}, or fix its name in the local DNS."),
            SocketError.TimedOut => CheckStep.Fail(CheckStepName.Service,
                $"{where} did not answer within 2 seconds: the device is off or away, or a firewall drops the connection.",
                $"Check that {rule.InternalHost} is on and on the network, and that its firewall lets this machine connect to port {port.ToString(CultureInfo.InvariantCulture)}."),
            SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => CheckStep.Fail(CheckStepName.Service,
                $"{rule.InternalHost} cannot be reached from this machine (no route to it).",
                $"Check that {rule.InternalHost} is on and on the same network, and that its address has not changed (give it a fixed address on the router)."),
            _ => CheckStep.Fail(CheckStepName.Service, $"Connecting to {where} failed ({error}).", listen),
        };
    }

    private async Task<long> DatagramsAnsweredAsync(ForwardingRule rule, CancellationToken ct) =>
        (await traffic.GetSeriesAsync(rule.Id, TrafficRange.Hour, ct)).Totals.DatagramsOut;

    private async Task<CheckStep> ConnectAsync(ForwardingRule rule, long? udpAnswers, CancellationToken ct)
    {
        var ports = rule.InternalPorts;
        int[] tried = ports.Count > 1 ? [ports.Start, ports.End] : [ports.Start];
        foreach (var port in tried)
        {
            if (await TryConnectAsync(rule.InternalHost, port, ct) is { } error)
            {
                return Unanswered(rule, port, error);
            }
        }

        var accepts = tried.Length > 1
            ? $"{rule.InternalHost} accepts connections on ports {tried[0].ToString(CultureInfo.InvariantCulture)} and {tried[1].ToString(CultureInfo.InvariantCulture)} (the first and last of the range)."
            : $"{Target(rule)} accepts connections.";
        var udp = udpAnswers switch
        {
            null => "",
            > 0 => string.Create(CultureInfo.InvariantCulture, $" Over UDP it answered {udpAnswers} datagrams through this rule in the last hour."),
            _ => " UDP is not tried: it has no connection to open.",
        };
        return CheckStep.Pass(CheckStepName.Service, accepts + udp);
    }

    /// <summary>Null when the connection opened, else why not.</summary>
    private async Task<SocketError?> TryConnectAsync(string host, int port, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(AnswerLimit);
        try
        {
            var addresses = await AddressesAsync(host, limit.Token);
            using var client = new TcpClient(AddressFamily.InterNetworkV6) { Client = { DualMode = true } };
            await client.ConnectAsync(addresses, port, limit.Token);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return SocketError.TimedOut;
        }
    }

    /// <summary>The target's addresses: the address itself, or what the name resolves to (a name that does not throws).</summary>
    private async Task<IPAddress[]> AddressesAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return [address];
        }

        var resolved = await resolver.ResolveAsync(host, ct);
        return resolved.Length > 0 ? resolved : throw new SocketException((int)SocketError.HostNotFound);
    }

    private async Task<CheckStep> AskWebServerAsync(ForwardingRule rule, CancellationToken ct)
    {
        var url = new Uri($"http://{rule.InternalHostForPort}:{rule.InternalPort.ToString(CultureInfo.InvariantCulture)}{rule.PathPrefix ?? "/"}");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(AnswerLimit);
        try
        {
            // A name is resolved the panel's way; the request goes to its address with the name as Host, as YARP sends it.
            var address = (await AddressesAsync(rule.InternalHost, limit.Token))[0];
            var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(url) { Host = host }.Uri);
            request.Headers.Host = url.Authority;
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            return CheckStep.Pass(CheckStepName.Service,
                $"The web server at {url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        catch (SocketException e)
        {
            return Unanswered(rule, rule.InternalPort, e.SocketErrorCode);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            return Unanswered(rule, rule.InternalPort, socket.SocketErrorCode);
        }
        catch (HttpRequestException e)
        {
            return CheckStep.Fail(CheckStepName.Service, $"The web server at {url} did not answer with HTTP ({e.Message}).",
                $"Check that {rule.InternalHostForPort}:{rule.InternalPort.ToString(CultureInfo.InvariantCulture)} serves plain HTTP (PortFwd forwards to http://, not https://).");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Unanswered(rule, rule.InternalPort, SocketError.TimedOut);
        }
    }

    private static string Target(ForwardingRule rule) => rule.InternalPorts.Count > 1
        ? $"{rule.InternalHost} ports {rule.InternalPorts}"
        : $"{rule.InternalHostForPort}:{rule.InternalPort.ToString(CultureInfo.InvariantCulture)}";
}
