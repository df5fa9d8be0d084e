using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortFwd.Relay.Tests.Support;

/// <summary>
/// A real TCP target on loopback: echoes what it reads; on the client's FIN it writes
/// <see cref="Trailer"/> and closes. A connection whose first bytes are "RST" is reset instead.
/// With <c>greet</c> it first writes its own port as text plus '\n'.
/// </summary>
internal sealed class TcpBackend : IAsyncDisposable
{
    public static readonly byte[] Trailer = "<eof>"u8.ToArray();

    private readonly Socket _listener;
    private readonly bool _greet;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _accepted;
    private int _resets;

    public TcpBackend(IPAddress? address = null, int port = 0, bool greet = false)
    {
        address ??= IPAddress.Loopback;
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(address, port));
        _listener.Listen(512);
        _greet = greet;
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections that ended with a reset from the relay's side.</summary>
    public int ResetsSeen => Volatile.Read(ref _resets);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                if (_greet)
                {
                    await client.SendAsync(Encoding.ASCII.GetBytes(Port + "\n"), SocketFlags.None, _stop.Token);
                }

                var first = true;
                while (true)
                {
                    var read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (read == 0)
                    {
                        await client.SendAsync(Trailer, SocketFlags.None, _stop.Token);
                        client.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    if (first && read >= 3 && buffer.AsSpan(0, 3).SequenceEqual("RST"u8))
                    {
                        client.LingerState = new LingerOption(true, 0);
                        return;
                    }

                    first = false;
                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                Interlocked.Increment(ref _resets);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
            }
        }
    }
}
