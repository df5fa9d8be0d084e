using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortFwd.Testing;

/// <summary>
/// A TCP and UDP echo service on 127.0.0.1, one port for both, for rules to forward to. It sends back what it reads;
/// with a tag, each TCP connection's reply and each datagram's begins with "{tag}:", so a test can tell which
/// service answered.
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly Socket _tcp = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Socket _udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _prefix;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _tcpLoop;
    private readonly Task _udpLoop;

    /// <param name="tag">What replies begin with (then ':'); none when null.</param>
    /// <param name="port">The port to listen on; one the system picks when 0.</param>
    public EchoServer(string? tag = null, int port = 0)
    {
        _prefix = tag is null ? [] : Encoding.UTF8.GetBytes(tag + ":");
        _tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _tcp.Listen();
        Port = ((IPEndPoint)_tcp.LocalEndPoint!).Port;
        _udp.Bind(new IPEndPoint(IPAddress.Loopback, Port));
        _tcpLoop = AcceptLoopAsync();
        _udpLoop = UdpLoopAsync();
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _tcp.Dispose();
        _udp.Dispose();
        await Task.WhenAll(_tcpLoop, _udpLoop);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _tcp.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[16 * 1024];
            var prefixDue = _prefix.Length > 0;
            try
            {
                int read;
                while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                {
                    if (prefixDue)
                    {
                        await client.SendAsync(_prefix, SocketFlags.None, _stop.Token);
                        prefixDue = false;
                    }

                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The peer (a relay) ended the connection, or the service stopped.
            }
        }
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var datagram = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                await _udp.SendToAsync(_prefix.Concat(buffer.Take(datagram.ReceivedBytes)).ToArray(), SocketFlags.None, datagram.RemoteEndPoint, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP from a peer that left; keep echoing.
            }
        }
    }
}
