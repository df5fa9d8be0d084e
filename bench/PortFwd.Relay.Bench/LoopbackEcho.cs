using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace PortFwd.Relay.Bench;

/// <summary>An in-process echo target on 127.0.0.1 (TCP and UDP on the same port) for warm-up and checks.</summary>
internal sealed class LoopbackEcho : IAsyncDisposable
{
    private readonly Socket _tcp = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Socket _udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _tcpLoop;
    private readonly Task _udpLoop;

    public LoopbackEcho()
    {
        _tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _tcp.Listen(512);
        EndPoint = (IPEndPoint)_tcp.LocalEndPoint!;
        _udp.Bind(EndPoint);
        _tcpLoop = AcceptLoopAsync();
        _udpLoop = UdpLoopAsync();
    }

    public IPEndPoint EndPoint { get; }

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
            Socket s;
            try
            {
                s = await _tcp.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = EchoAsync(s);
        }
    }

    private static async Task EchoAsync(Socket s)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int n;
            while ((n = await s.ReceiveAsync(buffer.AsMemory(), SocketFlags.None)) > 0)
            {
                await s.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }

            s.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
        finally
        {
            s.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var n = await _udp.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, from, _stop.Token);
                await _udp.SendToAsync(buffer.AsMemory(0, n), SocketFlags.None, from, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
            }
        }
    }
}
