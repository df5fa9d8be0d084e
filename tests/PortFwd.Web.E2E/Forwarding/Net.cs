using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortFwd.Web.E2E.Forwarding;

/// <summary>Round trips through forwarded ports to an <see cref="EchoServer"/>, and whether a port is closed (free ports: <see cref="LoopbackPorts"/>).</summary>
internal static class Net
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Sends a line over TCP and returns what comes back before the server closes or the line ends.</summary>
    public static async Task<string> TcpRoundTripAsync(int port, string message, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(message + "\n"), timeout.Token);
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().EndsWith('\n'))
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return received.ToString().TrimEnd('\n');
    }

    /// <summary>True when a TCP connect to 127.0.0.1:port is refused (nothing listens).</summary>
    public static async Task<bool> TcpRefusedAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The connection reached the backlog of a listener that was closing: not refused yet.
            return false;
        }
    }

    /// <summary>Polls (every 20 ms, for at most <paramref name="within"/>) until connects to the port are refused.</summary>
    public static async Task<bool> WaitUntilRefusedAsync(int port, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await TcpRefusedAsync(port, ct))
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20, ct);
        }
    }

    public static async Task<string> UdpRoundTripAsync(int port, string message, CancellationToken ct)
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        // UDP may be dropped before a session exists; send again until the echo comes back.
        while (true)
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(message), new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                var reply = await client.ReceiveAsync(wait.Token);
                return Encoding.UTF8.GetString(reply.Buffer);
            }
            catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
            {
            }
        }
    }
}
