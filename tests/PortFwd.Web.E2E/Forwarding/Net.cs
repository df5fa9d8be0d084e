using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortFwd.Web.E2E.Forwarding;

/// <summary>Loopback peers for the forwarding tests: echo servers and round trips (free ports: <see cref="LoopbackPorts"/>).</summary>
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

/// <summary>A TCP and UDP echo server on 127.0.0.1 that prefixes replies with its own tag.</summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly TcpListener _tcp;
    private readonly UdpClient _udp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _tcpLoop;
    private readonly Task _udpLoop;

    public EchoServer(string tag, int port = 0)
    {
        Tag = tag;
        _tcp = new TcpListener(IPAddress.Loopback, port);
        _tcp.Start();
        Port = ((IPEndPoint)_tcp.LocalEndpoint).Port;
        _udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, Port));
        _tcpLoop = AcceptLoopAsync();
        _udpLoop = UdpLoopAsync();
    }

    public string Tag { get; }

    public int Port { get; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var prefix = Encoding.UTF8.GetBytes(Tag + ":");
            var first = true;
            try
            {
                int n;
                while ((n = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    if (first)
                    {
                        await stream.WriteAsync(prefix, _stop.Token);
                        first = false;
                    }

                    await stream.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task UdpLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var datagram = await _udp.ReceiveAsync(_stop.Token);
                await _udp.SendAsync(Encoding.UTF8.GetBytes(Tag + ":" + Encoding.UTF8.GetString(datagram.Buffer)), datagram.RemoteEndPoint, _stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _tcp.Stop();
        _udp.Dispose();
        await Task.WhenAll(_tcpLoop, _udpLoop);
        _stop.Dispose();
    }
}
