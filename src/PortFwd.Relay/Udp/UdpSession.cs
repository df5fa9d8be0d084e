using System.Buffers;
using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Engine;

namespace PortFwd.Relay.Udp;

/// <summary>
/// The relay's state for one UDP client endpoint: a socket connected to the target, whose replies
/// go back to that client through the rule's listening socket.
/// </summary>
internal sealed class UdpSession
{
    private readonly AppliedRule _rule;
    private readonly UdpPortListener _listener;
    private readonly Socket _upstream;
    private Task _replyLoop = Task.CompletedTask;
    private int _closed;

    public UdpSession(AppliedRule rule, UdpPortListener listener, Socket upstream, SocketAddress client)
    {
        _rule = rule;
        _listener = listener;
        _upstream = upstream;
        _upstream.Blocking = false;
        Client = client;
        Sequence = rule.NextSessionSequence();
        LastActive = rule.CoarseNow;
    }

    public SocketAddress Client { get; }

    public UdpPortListener Listener => _listener;

    /// <summary>Creation order; breaks ties between sessions idle since the same sweep.</summary>
    public long Sequence { get; }

    /// <summary>Coarse timestamp of the last datagram either way (updated once per sweep period at most).</summary>
    public long LastActive;

    /// <summary>Index in the rule's session list (guarded by the rule's session lock).</summary>
    internal int Index { get; set; } = -1;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public Task ReplyLoop => _replyLoop;

    public void Start() => _replyLoop = Task.Run(ReplyLoopAsync);

    public void Touch()
    {
        var now = _rule.CoarseNow;
        if (LastActive != now)
        {
            LastActive = now;
        }
    }

    /// <summary>Sends one datagram to the target; false if it was dropped.</summary>
    public ValueTask<bool> SendToTargetAsync(ReadOnlyMemory<byte> datagram)
    {
        try
        {
            // The upstream socket is non-blocking: a datagram goes out at once unless its send
            // buffer is full, and only then is the send awaited.
            _upstream.Send(datagram.Span, SocketFlags.None, out var error);
            return error switch
            {
                SocketError.Success => ValueTask.FromResult(true),
                SocketError.WouldBlock => SendSlowAsync(datagram),
                _ => ValueTask.FromResult(false), // ICMP unreachable from an earlier datagram, and the like: drop this one
            };
        }
        catch (ObjectDisposedException)
        {
            return ValueTask.FromResult(false);
        }
    }

    private async ValueTask<bool> SendSlowAsync(ReadOnlyMemory<byte> datagram)
    {
        try
        {
            await _upstream.SendAsync(datagram, SocketFlags.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _upstream.Dispose();
        }
    }

    private async Task ReplyLoopAsync()
    {
        var counters = _rule.Counters;
        var listenerSocket = _listener.Socket;
        byte[]? buffer = null;
        try
        {
            while (!IsClosed)
            {
                try
                {
                    if (buffer is null)
                    {
                        await _upstream.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
                        buffer = ArrayPool<byte>.Shared.Rent(UdpPortListener.BufferSize);
                    }

                    var read = _upstream.Receive(buffer, SocketFlags.None, out var error);
                    if (error != SocketError.Success)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                        if (error is SocketError.WouldBlock or SocketError.ConnectionRefused or SocketError.ConnectionReset)
                        {
                            continue;
                        }

                        throw new SocketException((int)error);
                    }

                    Touch();
                    await listenerSocket.SendToAsync(buffer.AsMemory(0, read), SocketFlags.None, Client).ConfigureAwait(false);
                    Interlocked.Increment(ref counters.UdpDatagramsOut);
                    Interlocked.Add(ref counters.BytesTargetToClient, read);
                }
                catch (SocketException e) when (!IsClosed && e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.MessageSize or SocketError.NoBufferSpaceAvailable)
                {
                    // The target was not listening (ICMP), or one datagram could not be sent back: keep the session.
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed by expiry, eviction or rule removal.
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
