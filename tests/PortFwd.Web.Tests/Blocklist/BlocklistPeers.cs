using System.Net;
using System.Net.Sockets;

namespace PortFwd.Web.Tests.Blocklist;

/// <summary>
/// Clients from a chosen loopback address (127.0.0.2 is a different source from 127.0.0.1 on one machine), for a rule
/// that forwards to an <see cref="EchoServer"/>.
/// </summary>
internal static class BlocklistPeers
{
    public static readonly IPAddress Blocked = IPAddress.Parse("127.0.0.2");

    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    public static async Task<Socket> ConnectFromAsync(IPAddress source, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        using var cts = new CancellationTokenSource(Guard);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        return socket;
    }

    /// <summary>Sends <paramref name="text"/> and reads the echo; null when the relay ends the connection instead (reset or close).</summary>
    public static async Task<string?> EchoAsync(this Socket socket, string text)
    {
        using var cts = new CancellationTokenSource(Guard);
        try
        {
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(text), SocketFlags.None, cts.Token);
            var buffer = new byte[text.Length];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    return null;
                }

                read += n;
            }

            return System.Text.Encoding.ASCII.GetString(buffer);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Whether a new connection from <paramref name="source"/> is refused (reset at connect, or ended before an echo).</summary>
    public static async Task<bool> IsRefusedAsync(IPAddress source, int port)
    {
        try
        {
            using var socket = await ConnectFromAsync(source, port);
            return await socket.EchoAsync("x") is null;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>An HTTP client whose connections come from <paramref name="source"/>.</summary>
    public static HttpClient HttpFrom(IPAddress source) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });
}
