using System.Buffers;
using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Connections;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Udp;

/// <summary>
/// One bound UDP socket of a rule (one port of its range). Datagrams from each client endpoint go
/// through that client's <see cref="UdpSession"/>, which owns a socket connected to the target.
/// </summary>
internal sealed class UdpPortListener
{
    /// <summary>Large enough for any UDP datagram.</summary>
    internal const int BufferSize = 64 * 1024;

    /// <summary>Socket receive buffer asked for on a single port's listening and upstream UDP sockets.</summary>
    internal const int ReceiveBufferBytes = 4 * 1024 * 1024;

    /// <summary>What the ports of one range ask for together; each port gets its share, between the two bounds.</summary>
    internal const int RangeReceiveBudgetBytes = 64 * 1024 * 1024;

    /// <summary>The least a port of a long range asks for: about 50 datagrams of 1400 bytes (the kernel doubles it).</summary>
    internal const int MinReceiveBufferBytes = 64 * 1024;

    private readonly int _receiveBufferBytes;
    private readonly bool _batched;

    private readonly RuleContext _rule;
    private readonly UdpSessionTable _sessions;
    private readonly int _offset;
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _closed;

    // Last session used by the receive loop: consecutive datagrams from one client skip the lookup.
    private UdpSession? _last;

    private UdpPortListener(RuleContext rule, UdpSessionTable sessions, Socket socket, int offset, int receiveBufferBytes, bool batched)
    {
        _batched = batched;
        _rule = rule;
        _sessions = sessions;
        Socket = socket;
        _offset = offset;
        _receiveBufferBytes = receiveBufferBytes;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public Socket Socket { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Binds; throws <see cref="SocketException"/> for the caller to describe. <paramref name="rule"/> gives
    /// the current settings (allow-list, targets, cap), counters and log; <paramref name="sessions"/> is the
    /// rule's session table, shared by all its ports. <paramref name="batched"/> (Linux, where
    /// <see cref="DatagramBatch.IsAvailable"/>): datagrams move in batches both ways, recvmmsg and sendmmsg.
    /// </summary>
    public static UdpPortListener Open(RuleContext rule, UdpSessionTable sessions, IPAddress address, int port, int offset, bool batched = false)
    {
        var bytes = ReceiveBufferFor(rule.Settings.Spec.PortCount);
        return new(rule, sessions, BoundSocket.Create(address, port, SocketType.Dgram, ProtocolType.Udp, s => s.ReceiveBufferSize = bytes), offset, bytes, batched);
    }

    /// <summary>
    /// Room for bursts while the relay is briefly busy elsewhere: 4 MiB for a single port (and ranges up to 16 ports),
    /// a share of 64 MiB for each port of a longer range, never under 64 KiB. The kernel caps it at rmem_max and doubles it;
    /// nothing is held until datagrams wait, but a reader that stalls lets each port fill its buffer, so 10,000 ports at
    /// 4 MiB could hold 78 GiB (BENCHMARKS.md, "Scale").
    /// </summary>
    internal static int ReceiveBufferFor(int ports) =>
        Math.Clamp(RangeReceiveBudgetBytes / Math.Max(ports, 1), MinReceiveBufferBytes, ReceiveBufferBytes);

    public void Start() => _receiveLoop = Task.Run(_batched ? ReceiveBatchesAsync : ReceiveLoopAsync);

    public Task Close()
    {
        _closed = true;
        Socket.Dispose();
        return _receiveLoop;
    }

    private async Task ReceiveLoopAsync()
    {
        var socket = Socket;
        var counters = _rule.Counters;
        var from = new SocketAddress(socket.AddressFamily);
        byte[]? buffer = null;
        try
        {
            while (!_closed)
            {
                try
                {
                    if (buffer is null)
                    {
                        // Zero-byte wait (a 1-byte peek underneath): no buffer is held while idle.
                        await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                        buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                    }

                    // Drain the socket without waiting; give the buffer back once it is empty.
                    var error = NonBlockingReceive.TryReceiveFrom(socket, buffer, from, out var read);
                    if (error != SocketError.Success)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                        // Drained, or an error that concerns one datagram (ICMP); a broken or
                        // closed socket fails the next wait and ends the loop there.
                        continue;
                    }

                    var session = FindOrCreateSession(from);
                    if (session is not null)
                    {
                        session.Touch();
                        if (_rule.ClientToTargetRate is { } rate && !rate.TryTake(read))
                        {
                            // Over the rule's rate limit: UDP drops what does not fit rather than queue it.
                            Interlocked.Increment(ref counters.UdpRateLimited);
                        }
                        else if (await session.SendToTargetAsync(buffer.AsMemory(0, read)))
                        {
                            Interlocked.Increment(ref counters.UdpDatagramsIn);
                            Interlocked.Add(ref counters.BytesClientToTarget, read);
                            session.Stats.CountIn(read);
                        }
                    }
                }
                catch (SocketException e) when (!_closed && e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
                {
                    // ICMP errors surface on the next receive on Linux; they concern one datagram only.
                }
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException e)
        {
            if (!_closed)
            {
                RelayLog.UdpReceiveFailed(_rule.Logger, _rule.RuleId, LocalEndPoint.ToString(), e.Message);
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// The batched receive loop: up to <see cref="DatagramBatch.Capacity"/> datagrams per recvmmsg, then each session's
    /// datagrams of the batch, in arrival order, with one sendmmsg on its upstream socket.
    /// </summary>
    private async Task ReceiveBatchesAsync()
    {
        var socket = Socket;
        var from = new SocketAddress(socket.AddressFamily);
        DatagramBatch? batch = null;
        try
        {
            while (!_closed)
            {
                try
                {
                    if (batch is null)
                    {
                        await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                        batch = DatagramBatch.Rent();
                    }

                    // Drained, or an error that concerns one datagram: give the batch back and wait; a broken or
                    // closed socket fails the wait and ends the loop there.
                    var received = batch.Receive(socket.SafeHandle, withSources: true, out _);
                    if (received > 0)
                    {
                        await ForwardAsync(batch, received, from);
                    }

                    if (received < DatagramBatch.Capacity)
                    {
                        DatagramBatch.Return(batch);
                        batch = null;
                    }
                }
                catch (SocketException e) when (!_closed && e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
                {
                    // ICMP errors surface on the next receive on Linux; they concern one datagram only.
                }
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException e)
        {
            if (!_closed)
            {
                RelayLog.UdpReceiveFailed(_rule.Logger, _rule.RuleId, LocalEndPoint.ToString(), e.Message);
            }
        }
        finally
        {
            if (batch is not null)
            {
                DatagramBatch.Return(batch);
            }
        }
    }

    private async ValueTask ForwardAsync(DatagramBatch batch, int received, SocketAddress from)
    {
        // Sessions in arrival order, as one datagram at a time would find or open them (allow-list, cap). Before a
        // new session opens, the datagrams before it go out: opening may evict a session at the cap, which one
        // datagram at a time would have served first.
        var sessions = batch.Sessions;
        var unsent = 0;
        try
        {
            for (var i = 0; i < received; i++)
            {
                batch.SourceOf(i, from);
                var session = FindSession(from);
                if (session is null)
                {
                    await SendAsync(batch, unsent, i);
                    unsent = i;
                    session = OpenSession(from);
                }

                session?.Touch();
                if (session is not null && _rule.ClientToTargetRate is { } rate && !rate.TryTake(batch.Datagram(i).Length))
                {
                    Interlocked.Increment(ref _rule.Counters.UdpRateLimited);
                    session = null;
                }

                sessions[i] = session;
            }

            await SendAsync(batch, unsent, received);
        }
        finally
        {
            // A pooled batch must not keep closed sessions alive.
            Array.Clear(sessions, 0, received);
        }
    }

    /// <summary>Sends datagrams <paramref name="start"/> to <paramref name="end"/> of the batch: each session's, in order, with one sendmmsg.</summary>
    private async ValueTask SendAsync(DatagramBatch batch, int start, int end)
    {
        var sessions = batch.Sessions;
        var counters = _rule.Counters;
        for (var i = start; i < end; i++)
        {
            var session = sessions[i];
            if (session is null)
            {
                continue;
            }

            batch.ClearOutgoing();
            for (var j = i; j < end; j++)
            {
                if (ReferenceEquals(sessions[j], session))
                {
                    batch.AddOutgoing(j);
                    sessions[j] = null;
                }
            }

            await session.SendToTargetAsync(batch);
            Interlocked.Add(ref counters.UdpDatagramsIn, batch.SentDatagrams);
            Interlocked.Add(ref counters.BytesClientToTarget, batch.SentBytes);
            session.Stats.CountIn(batch.SentBytes);
        }
    }

    private UdpSession? FindOrCreateSession(SocketAddress from) => FindSession(from) ?? OpenSession(from);

    /// <summary>The client's open session on this port, or null.</summary>
    private UdpSession? FindSession(SocketAddress from)
    {
        var last = _last;
        if (last is not null && !last.IsClosed && last.Client.Equals(from))
        {
            return last;
        }

        UdpSession? session;
        lock (_sessions.Lock)
        {
            _sessions.TryGetLocked(_offset, from, out session);
        }

        if (session is not null)
        {
            _last = session;
        }

        return session;
    }

    /// <summary>A new session for the client (null if it is blocked, not allowed, or its target cannot be reached).</summary>
    private UdpSession? OpenSession(SocketAddress from)
    {
        UdpSession? session;
        lock (_sessions.Lock)
        {
            // Only this port's loop adds sessions for this port, so nothing came in since the lookup.
            session = CreateSessionLocked(from);
        }

        _last = session;
        return session;
    }

    /// <summary>The one place a datagram from a blocked source is refused: it would open a session, and is dropped and counted instead.</summary>
    private void DropBlocked(SocketAddress from)
    {
        Interlocked.Increment(ref _rule.Counters.UdpRefused);
        _rule.Refusals.Record(PackedEndPoint.From((IPEndPoint)LocalEndPoint.Create(from)), RefusalReason.Blocked);
    }

    private UdpSession? CreateSessionLocked(SocketAddress from)
    {
        if (_rule.Blocklist.Blocks(from))
        {
            DropBlocked(from);
            return null;
        }

        var settings = _rule.Settings;
        if (settings.Allowed.Length != 0)
        {
            var source = (IPEndPoint)LocalEndPoint.Create(from);
            if (!settings.IsAllowed(source.Address))
            {
                Interlocked.Increment(ref _rule.Counters.UdpRefused);
                _rule.Refusals.Record(source.Address, RefusalReason.NotAllowed);
                return null;
            }
        }

        if (_closed)
        {
            return null;
        }

        _sessions.MakeRoomLocked(settings.MaxUdpSessions);
        var client = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span[..from.Size].CopyTo(client.Buffer.Span);
        var target = settings.Targets[_offset];
        var upstream = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            upstream.ReceiveBufferSize = _receiveBufferBytes;
            upstream.Connect(target);
        }
        catch (SocketException)
        {
            upstream.Dispose();
            return null;
        }

        var session = new UdpSession(_rule.Counters, _rule.Clock, Socket, _offset, upstream, client, _batched, _rule);
        session.Stats = new ConnectionStats(_rule.Ids.Next(), _rule.Time.GetTimestamp());
        session.ExternalPort = (ushort)LocalEndPoint.Port;
        _sessions.AddLocked(session);
        session.Start();
        return session;
    }
}
