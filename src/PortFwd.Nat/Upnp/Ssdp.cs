using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortFwd.Nat.Upnp;

/// <summary>SSDP M-SEARCH for internet gateways, sent only from one chosen local address (which is also set
/// as the multicast interface, so the search never leaves through another network).</summary>
internal static class Ssdp
{
    public static readonly IPEndPoint MulticastEndPoint = new(IPAddress.Parse("239.255.255.250"), 1900);

    public static readonly string[] SearchTargets =
    [
        "urn:schemas-upnp-org:device:InternetGatewayDevice:2",
        "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
    ];

    public static byte[] SearchRequest(string searchTarget, int mxSeconds) => Encoding.ASCII.GetBytes(
        "M-SEARCH * HTTP/1.1\r\n" +
        $"HOST: {MulticastEndPoint}\r\n" +
        "MAN: \"ssdp:discover\"\r\n" +
        $"MX: {mxSeconds}\r\n" +
        $"ST: {searchTarget}\r\n" +
        "\r\n");

    /// <summary>Reads an M-SEARCH answer (or NOTIFY): the headers, names upper-cased.</summary>
    public static Dictionary<string, string>? ParseHeaders(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0)
        {
            return null;
        }

        var first = lines[0].Trim();
        if (!first.StartsWith("HTTP/1.", StringComparison.OrdinalIgnoreCase) && !first.StartsWith("NOTIFY", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (first.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase) && !first.Contains(" 200", StringComparison.Ordinal))
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in lines.Skip(1))
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            headers[raw[..colon].Trim()] = raw[(colon + 1)..].Trim();
        }

        return headers;
    }

    /// <summary>The description URL from an answer, when it is an absolute http URL whose host, if written as an
    /// address, is the address that answered (a LOCATION pointing elsewhere is ignored).</summary>
    public static Uri? LocationOf(Dictionary<string, string> headers, IPAddress sender)
    {
        if (!headers.TryGetValue("LOCATION", out var location)
            || !Uri.TryCreate(location, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var host) && !host.Equals(sender))
        {
            return null;
        }

        return uri;
    }

    /// <summary>Searches until the first gateway answers or the time is up, repeating the M-SEARCH (UDP is lossy)
    /// with growing gaps. Returns the description URLs in the order they answered.</summary>
    public static async Task<IReadOnlyList<Uri>> SearchAsync(IPAddress localAddress, TimeSpan timeout,
        Func<Uri, Task<bool>> accept, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(localAddress, 0));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, localAddress.GetAddressBytes());
        // UPnP's recommended TTL; the gateway is on the link anyway.
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 2);

        var seen = new List<Uri>();
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(timeout);
        var buffer = new byte[4096];
        var gap = TimeSpan.FromMilliseconds(600);
        try
        {
            for (var round = 0; round < 16 && !overall.IsCancellationRequested; round++)
            {
                foreach (var st in SearchTargets)
                {
                    await socket.SendToAsync(SearchRequest(st, 1), SocketFlags.None, MulticastEndPoint, overall.Token);
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
                wait.CancelAfter(gap);
                try
                {
                    while (true)
                    {
                        var r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                        var headers = ParseHeaders(Encoding.ASCII.GetString(buffer, 0, r.ReceivedBytes));
                        if (headers is null || LocationOf(headers, ((IPEndPoint)r.RemoteEndPoint).Address) is not { } url
                            || seen.Contains(url))
                        {
                            continue;
                        }

                        seen.Add(url);
                        if (await accept(url))
                        {
                            return seen;
                        }
                    }
                }
                catch (OperationCanceledException) when (!overall.IsCancellationRequested)
                {
                    gap += gap / 2;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // time is up
        }

        return seen;
    }
}
