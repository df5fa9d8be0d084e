using System.Net;
using System.Net.Sockets;

namespace PortFwd.Nat.Upnp;

/// <summary>The HTTP client for one router: never through a proxy (router traffic stays on the LAN), no
/// redirects, connections bound to the chosen local address; remembers which local address the connection
/// used, for when none was configured.</summary>
internal sealed class RouterHttp : IDisposable
{
    private IPAddress? _seenLocalAddress;

    public RouterHttp(IPAddress? localAddress)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (localAddress is not null)
                    {
                        socket.Bind(new IPEndPoint(localAddress, 0));
                    }

                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    if (socket.LocalEndPoint is IPEndPoint local)
                    {
                        Volatile.Write(ref _seenLocalAddress, local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address);
                    }

                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // Descriptions and SOAP answers are a few KB; the per-call timeout bounds the time, this the memory.
        Client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = 1024 * 1024 };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("PortFwd.Nat/1.0 UPnP/1.1");
    }

    internal RouterHttp(HttpMessageHandler handler, IPAddress localAddress)
    {
        Client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _seenLocalAddress = localAddress;
    }

    public HttpClient Client { get; }

    /// <summary>The local address of the last connection made.</summary>
    public IPAddress? SeenLocalAddress => Volatile.Read(ref _seenLocalAddress);

    public void Dispose() => Client.Dispose();
}
