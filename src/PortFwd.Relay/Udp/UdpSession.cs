using System.Buffers;
using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Connections;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Udp;

/// <summary>
/// The relay's state for one UDP client endpoint: a socket connected to the target, whose replies
/// go back to that client through the rule's listening socket. Kept in the rule's <see cref="UdpSessionTable"/>.
/// </summary>
internal sealed class UdpSession
{
    private readonly RuleCounters _counters;
    private readonly CoarseClock _clock;
    private readonly Socket _listening;
    private readonly Socket _upstream;
    private readonly bool _batched;

    // For the rule's rate limit back to the client (null in unit tests of the session table).
    private readonly RuleContext? _rule;
    private Task _replyLoop = Task.CompletedTask;
    private int _closed;

    /// <param name="counters">The rule's counters, for the replies.</param>
    /// <param name="clock">What <see cref="LastActive"/> is read from.</param>
    /// <param name="listening">The rule's socket the client sent to; replies go out through it.</param>
    /// <param name="offset">That socket's port within the rule's range.</param>
    /// <param name="upstream">A socket connected to the target; the session owns it.</param>
    /// <param name="client">The client's address (a copy the session keeps).</param>
    /// <param name="batched">Replies move in batches (recvmmsg, sendmmsg); Linux only, where <see cref="DatagramBatch.IsAvailable"/>.</param>
    /// <param name="rule">The rule, whose rate limit back to clients the replies keep to; null for none.</param>
    public UdpSession(RuleCounters counters, CoarseClock clock, Socket listening, int offset, Socket upstream, SocketAddress client, bool batched = false,
        RuleContext? rule = null)
    {
        _rule = rule;
        _batched = batched;
        _counters = counters;
        _clock = clock;
        _listening = listening;
        _upstream = upstream;
        _upstream.Blocking = false;
        Offset = offset;
        Client = client;
        LastActive = clock.Now;
    }

    public SocketAddress Client { get; }

    public int Offset { get; }

    /// <summary>Order of joining the table; breaks ties between sessions idle since the same sweep (set by the table).</summary>
    public long Sequence { get; set; }

    /// <summary>Coarse timestamp of the last datagram either way (updated once per sweep period at most).</summary>
    public long LastActive;

    /// <summary>
    /// Id, when opened and byte counts: client → target counted by the port's receive loop,
    /// target → client by the reply loop (set by the listener before the session joins the table).
    /// </summary>
    internal ConnectionStats Stats;

    /// <summary>The rule's port the client sent to (set by the listener with <see cref="Stats"/>).</summary>
    internal ushort ExternalPort;

    /// <summary>Index in the table's session list (guarded by the table's lock).</summary>
    internal int Index { get; set; } = -1;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public Task ReplyLoop => _replyLoop;

    public void Start() => _replyLoop = Task.Run(_batched ? ReplyBatchesAsync : ReplyLoopAsync);

    public void Touch()
    {
        var now = _clock.Now;
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

    /// <summary>
    /// Sends the batch's outgoing datagrams to the target in order, with sendmmsg; the batch tallies what went out.
    /// Dropped as one send each would drop them: a datagram refused on its own, everything once the session is closed.
    /// </summary>
    public async ValueTask SendToTargetAsync(DatagramBatch batch)
    {
        try
        {
            while (batch.Next < batch.OutgoingCount)
            {
                var error = batch.SendOutgoing(_upstream.SafeHandle);
                if (error == SocketError.WouldBlock)
                {
                    // The send buffer is full: this datagram waits, as in the one-by-one path.
                    await SendWaitingAsync(batch, _upstream, null);
                }
                else if (error != SocketError.Success)
                {
                    batch.Next++;
                }
            }
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Sends the batch's datagram at <see cref="DatagramBatch.Next"/> once the socket has room; it is dropped if that fails.</summary>
    private static async ValueTask SendWaitingAsync(DatagramBatch batch, Socket socket, SocketAddress? to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(batch.OutgoingLength(batch.Next));
        try
        {
            var length = batch.CopyOutgoing(batch.Next, buffer);
            if (to is null)
            {
                await socket.SendAsync(buffer.AsMemory(0, length), SocketFlags.None);
            }
            else
            {
                await socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, to);
            }

            batch.SentDatagrams++;
            batch.SentBytes += length;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.MessageSize or SocketError.NoBufferSpaceAvailable)
        {
        }
        catch (SocketException) when (to is null)
        {
            // To the target, as in SendSlowAsync: any failure drops the datagram.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            batch.Next++;
        }
    }

    private async ValueTask<bool> SendSlowAsync(ReadOnlyMemory<byte> datagram)
    {
        try
        {
            await _upstream.SendAsync(datagram, SocketFlags.None);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>What the connection table shows of this session.</summary>
    public RelayConnectionInfo ToInfo(WallClock clock)
    {
        var any = Client.Family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any;
        var client = (IPEndPoint)new IPEndPoint(any, 0).Create(Client);
        return new RelayConnectionInfo(
            Stats.Id,
            RelayConnectionProtocol.Udp,
            PackedEndPoint.From(client).ToEndPoint(),
            ExternalPort,
            clock.At(Stats.Opened),
            Stats.BytesIn,
            Stats.BytesOut,
            clock.At(Math.Max(Volatile.Read(ref LastActive), Stats.Opened)));
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _upstream.Dispose();
        }
    }

    /// <summary>The batched reply loop: up to <see cref="DatagramBatch.Capacity"/> replies per recvmmsg, sent back to the client with one sendmmsg.</summary>
    private async Task ReplyBatchesAsync()
    {
        DatagramBatch? batch = null;
        try
        {
            while (!IsClosed)
            {
                try
                {
                    if (batch is null)
                    {
                        await _upstream.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                        batch = DatagramBatch.Rent();
                    }

                    var received = batch.Receive(_upstream.SafeHandle, withSources: false, out var errno);
                    if (received > 0)
                    {
                        Touch();
                        await SendRepliesAsync(batch, received);
                    }

                    if (received < DatagramBatch.Capacity)
                    {
                        DatagramBatch.Return(batch);
                        batch = null;
                    }

                    if (received < 0 && DatagramBatch.ToSocketError(errno) is not (SocketError.WouldBlock or SocketError.ConnectionRefused or SocketError.ConnectionReset) and var error)
                    {
                        throw new SocketException((int)error);
                    }
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
            if (batch is not null)
            {
                DatagramBatch.Return(batch);
            }
        }
    }

    /// <summary>Sends the <paramref name="received"/> replies in the batch to the client through the listening socket, and counts what went out.</summary>
    private async ValueTask SendRepliesAsync(DatagramBatch batch, int received)
    {
        batch.ClearOutgoing();
        var dropped = batch.AddAllOutgoing(received, Client, _rule?.TargetToClientRate);
        if (dropped > 0)
        {
            Interlocked.Add(ref _counters.UdpRateLimited, dropped);
        }

        try
        {
            while (batch.Next < batch.OutgoingCount)
            {
                var error = batch.SendOutgoing(_listening.SafeHandle);
                if (error == SocketError.WouldBlock)
                {
                    await SendWaitingAsync(batch, _listening, Client);
                }
                else if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }
            }
        }
        finally
        {
            Interlocked.Add(ref _counters.UdpDatagramsOut, batch.SentDatagrams);
            Interlocked.Add(ref _counters.BytesTargetToClient, batch.SentBytes);
            Stats.CountOut(batch.SentBytes);
        }
    }

    private async Task ReplyLoopAsync()
    {
        var counters = _counters;
        var listenerSocket = _listening;
        byte[]? buffer = null;
        try
        {
            while (!IsClosed)
            {
                try
                {
                    if (buffer is null)
                    {
                        await _upstream.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
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
                    if (_rule?.TargetToClientRate is { } rate && !rate.TryTake(read))
                    {
                        // Over the rule's rate limit: UDP drops what does not fit rather than queue it.
                        Interlocked.Increment(ref counters.UdpRateLimited);
                        continue;
                    }

                    await listenerSocket.SendToAsync(buffer.AsMemory(0, read), SocketFlags.None, Client);
                    Interlocked.Increment(ref counters.UdpDatagramsOut);
                    Interlocked.Add(ref counters.BytesTargetToClient, read);
                    Stats.CountOut(read);
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
