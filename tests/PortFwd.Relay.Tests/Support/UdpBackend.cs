using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortFwd.Relay.Tests.Support;

/// <summary>A real UDP target on loopback: answers each datagram with "{sender port}:{payload}", or the payload alone when not <c>tagWithSender</c>.</summary>
internal sealed class UdpBackend : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _tagWithSender;
    private int _received;

    public UdpBackend(IPAddress? address = null, int port = 0, bool tagWithSender = true)
    {
        address ??= IPAddress.Loopback;
        _tagWithSender = tagWithSender;
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 * 1024 * 1024; // bursts of the largest datagrams (the kernel caps it at rmem_max)
        _socket.Bind(new IPEndPoint(address, port));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    public int Received => Volatile.Read(ref _received);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(EndPoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                Interlocked.Increment(ref _received);
                var sender = (IPEndPoint)result.RemoteEndPoint;
                var reply = _tagWithSender
                    ? Encoding.ASCII.GetBytes(sender.Port + ":").Concat(buffer.Take(result.ReceivedBytes)).ToArray()
                    : buffer.AsSpan(0, result.ReceivedBytes).ToArray();
                await _socket.SendToAsync(reply, SocketFlags.None, sender, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
