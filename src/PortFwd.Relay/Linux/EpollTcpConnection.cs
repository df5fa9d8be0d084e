using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tcp;
using static PortFwd.Relay.Linux.LinuxSockets;

namespace PortFwd.Relay.Linux;

/// <summary>
/// One relayed TCP connection on an <see cref="EpollLoop"/>: the accepted client descriptor and the
/// one to the target, both edge-triggered, driven by readiness flags. Bytes are read into the loop's
/// copy buffer and sent straight on; only what the receiving side cannot take at once is kept, in a
/// pooled buffer, and reading from that direction waits until it has gone. An idle connection holds
/// two descriptors and this object, nothing else.
/// </summary>
/// <remarks>
/// One of these lives for every connection, so its fields are kept few and loose: what only a busy or splicing
/// direction needs is a null reference until then, each direction's state is a field of its own rather than a
/// struct (a struct keeps its own padding; loose small fields pack together), and per-rule values are shared references.
/// </remarks>
internal sealed unsafe class EpollTcpConnection : RelayedConnection, IEpollHandler
{
    private const int ClientSide = 0;
    private const int UpstreamSide = 1;

    /// <summary>The side <see cref="EpollLoop.RunLater"/> calls back with: a rate-limited direction may read again.</summary>
    private const int PaceSide = EpollLoop.TimerSide;
    private const uint Interest = EpollIn | EpollOut | EpollRdHup | EpollEt;

    // Reads per turn before other connections get theirs (1 × 256 KiB): larger turns let the other
    // connections' windows close while one is served, which costs more CPU per byte with several streams.
    private const int ReadsPerTurn = 1;

    // What a pipe holds when its size cannot be raised (16 pages).
    private const int DefaultPipeSize = 64 * 1024;

    private readonly TcpConnectionSet _connections;
    private readonly EpollLoop _loop;
    private readonly int _client;

    // The rule's target as a struct sockaddr (shared by the rule's connections); the log names it from this too.
    private readonly byte[] _targetAddress;
    private readonly ProxyProtocolVersion _proxyProtocol;
    private int _upstream = -1;
    private int _slot = -1;
    private State _state;

    // Each direction's bytes read but not yet taken by the receiver (see Flow), and whether its sender's FIN was passed on.
    private byte[]? _toTargetPending;
    private byte[]? _toClientPending;
    private int _toTargetStart;
    private int _toClientStart;
    private bool _toTargetEnded;
    private bool _toClientEnded;

    // Made when the first direction starts splicing (only with PortFwd:Relay:Splice on).
    private Pipes? _pipes;

    // Readiness last reported by epoll (edge-triggered): cleared when a call says "would block".
    private bool _clientReadable;
    private bool _clientWritable;
    private bool _upstreamReadable;
    private bool _upstreamWritable;

    // The peer's FIN (or reset) has arrived on that side: a short read does not mean nothing is left to read.
    private bool _clientShut;
    private bool _upstreamShut;
    private bool _turnQueued;
    private bool _paceQueued;

    public EpollTcpConnection(TcpConnectionSet connections, EpollLoop loop, int client, byte[] targetAddress,
        ProxyProtocolVersion proxyProtocol = ProxyProtocolVersion.Off)
    {
        _connections = connections;
        _loop = loop;
        _client = client;
        _targetAddress = targetAddress;
        _proxyProtocol = proxyProtocol;
    }

    private enum State : byte
    {
        Connecting,
        Open,
        Closed,
    }

    /// <summary>Registers the client and starts the connect to the target. Loop thread.</summary>
    public void Start()
    {
        _slot = _loop.Register(this);
        if (_loop.Add(_client, Interest, _slot, ClientSide) != 0)
        {
            CloseNow(reset: false);
            return;
        }

        var fd = Socket(_targetAddress[0], SockStream | SockNonBlock | SockCloExec, 0);
        if (fd < 0)
        {
            UpstreamFailed(Describe(LastError));
            return;
        }

        _upstream = fd;
        SetInt(fd, IpProtoTcp, TcpNoDelay, 1);
        SetInt(fd, SolSocket, SoKeepAlive, 1);
        // The connect is timed from when the client was accepted, a moment ago (Stats.Opened).
        Volatile.Write(ref Connecting, true);
        _connections.ConnectStarting();
        int result;
        fixed (byte* address = _targetAddress)
        {
            result = Connect(fd, address, _targetAddress.Length);
        }

        if (result != 0 && LastError != EInProgress)
        {
            UpstreamFailed(Describe(LastError));
            return;
        }

        if (_loop.Add(fd, Interest, _slot, UpstreamSide) != 0)
        {
            UpstreamFailed(Describe(LastError));
            return;
        }

        if (result == 0)
        {
            Connected();
        }
    }

    internal override void Close(bool reset)
    {
        if (_loop.OnLoopThread)
        {
            CloseNow(reset);
        }
        else
        {
            _loop.Post(() => CloseNow(reset));
        }
    }

    internal override void CloseIfBlocked(Rules.AddressBlocklist blocklist) => _loop.Post(() =>
    {
        // On the loop thread, so the descriptor is still this connection's while it is looked at.
        if (_state != State.Closed && PeerAddress(_client) is { } peer && blocklist.Holds(peer))
        {
            CloseNow(reset: true);
        }
    });

    internal override void TimeOutConnect() => _loop.Post(() =>
    {
        if (_state == State.Connecting)
        {
            UpstreamFailed("timed out");
        }
    });

    public void OnEvents(uint events, int side)
    {
        if (_state == State.Closed)
        {
            return;
        }

        if (side == ClientSide)
        {
            if ((events & EpollErr) != 0)
            {
                CloseNow(reset: true);
                return;
            }

            _clientReadable |= (events & (EpollIn | EpollRdHup | EpollHup)) != 0;
            _clientShut |= (events & (EpollRdHup | EpollHup)) != 0;
            _clientWritable |= (events & (EpollOut | EpollHup)) != 0;
        }
        else if (side == UpstreamSide)
        {
            if (_state == State.Connecting)
            {
                if ((events & (EpollErr | EpollHup)) != 0)
                {
                    UpstreamFailed(Describe(PendingError(_upstream)));
                    return;
                }

                if ((events & EpollOut) == 0)
                {
                    return;
                }

                Connected();
            }
            else if ((events & EpollErr) != 0)
            {
                CloseNow(reset: true);
                return;
            }

            _upstreamReadable |= (events & (EpollIn | EpollRdHup | EpollHup)) != 0;
            _upstreamShut |= (events & (EpollRdHup | EpollHup)) != 0;
            _upstreamWritable |= (events & (EpollOut | EpollHup)) != 0;
        }
        else if (side == PaceSide)
        {
            // A rate-limited direction's wait is over (see Paced).
            _paceQueued = false;
        }
        else
        {
            // Another turn asked for by the loop (see ReadsPerTurn).
            _turnQueued = false;
        }

        if (_state == State.Open)
        {
            Pump();
        }
    }

    private void Connected()
    {
        _state = State.Open;
        Volatile.Write(ref Connecting, false);
        _connections.ConnectFinished();
        _upstreamWritable = true;
        if (_proxyProtocol != ProxyProtocolVersion.Off)
        {
            SendProxyHeader();
        }
    }

    /// <summary>
    /// The PROXY protocol header, written in the loop's copy buffer and sent before any client byte; what the
    /// target cannot take at once waits as the first pending bytes of the client's direction. Loop thread.
    /// </summary>
    private void SendProxyHeader()
    {
        var peer = stackalloc byte[SockAddrStorage];
        var local = stackalloc byte[SockAddrStorage];
        int peerLength = SockAddrStorage, localLength = SockAddrStorage;
        var buffer = _loop.CopyBuffer;
        var length = GetPeerName(_client, peer, &peerLength) == 0 && GetSockName(_client, local, &localLength) == 0
            ? ProxyHeader.Write(new Span<byte>(buffer, ProxyHeader.MaxLength), _proxyProtocol,
                new ReadOnlySpan<byte>(peer, peerLength), new ReadOnlySpan<byte>(local, localLength))
            : 0;
        if (length == 0)
        {
            // The client is gone already (or not on IP): without its address there is nothing to pass on.
            CloseNow(reset: false);
            return;
        }

        var sent = Send(_upstream, buffer, (nuint)length, MsgNoSignal | MsgDontWait);
        if (sent < 0 && LastError is not EAgain and not EIntr)
        {
            CloseNow(reset: true);
            return;
        }

        var done = (int)Math.Max(sent, 0);
        if (done < length)
        {
            _upstreamWritable = false;
            ToTarget().Keep(new ReadOnlySpan<byte>(buffer + done, length - done));
        }
    }

    /// <summary>
    /// How much a direction with a rate limit may read now (at most <paramref name="size"/>); 0 when its budget is
    /// spent, and then the loop calls back once it has refilled. The descriptor stays readable meanwhile: with
    /// edge-triggered epoll nothing is lost, and the sender is held back by TCP's own window.
    /// </summary>
    private int Paced(RateBucket rate, int size)
    {
        var allowed = Math.Min(size, rate.Allowance());
        if (allowed == 0 && !_paceQueued)
        {
            _paceQueued = true;
            _loop.RunLater(this, rate.Wait());
        }

        return allowed;
    }

    private Flow ToTarget() => new(ref _toTargetPending, ref _toTargetStart, ref _toTargetEnded);

    private Flow ToClient() => new(ref _toClientPending, ref _toClientStart, ref _toClientEnded);

    private void Pump()
    {
        var turn = new Turn { Budget = ReadsPerTurn };
        var toTarget = ToTarget();
        var toClient = ToClient();
        if (!Move(ref toTarget, _client, _upstream, ref _clientReadable, _clientShut, ref _upstreamWritable, clientToTarget: true, ref turn)
            || !Move(ref toClient, _upstream, _client, ref _upstreamReadable, _upstreamShut, ref _clientWritable, clientToTarget: false, ref turn))
        {
            return;
        }

        if (_toTargetEnded && _toClientEnded)
        {
            CloseNow(reset: false);
        }
        else if (turn.MoreToRead && !_turnQueued)
        {
            _turnQueued = true;
            _loop.RunAgain(this);
        }
    }

    /// <summary>Moves what can be moved in one direction; false when the connection was closed.</summary>
    private bool Move(ref Flow flow, int from, int to, ref bool readable, bool fromShut, ref bool writable, bool clientToTarget, ref Turn turn)
    {
        while (true)
        {
            if (flow.Pending is { } kept)
            {
                if (!writable)
                {
                    return true;
                }

                nint sent;
                fixed (byte* pending = kept)
                {
                    sent = Send(to, pending + flow.Start, (nuint)(kept.Length - flow.Start), MsgNoSignal | MsgDontWait);
                }

                switch (Outcome(sent))
                {
                    case Io.WouldBlock:
                        writable = false;
                        return true;
                    case Io.Interrupted:
                        continue;
                    case Io.Failed:
                        CloseNow(reset: true);
                        return false;
                }

                CountSent(clientToTarget, sent);
                flow.Start += (int)sent;
                if (flow.Start < kept.Length)
                {
                    writable = false;
                    return true;
                }

                flow.Release();
            }

            if (_pipes is { } pipes && pipes.For(clientToTarget).Open)
            {
                return MoveSpliced(ref flow, ref pipes.For(clientToTarget), from, to, ref readable, ref writable, clientToTarget, ref turn);
            }

            if (flow.Ended || !readable)
            {
                return true;
            }

            if (turn.Budget <= 0)
            {
                turn.MoreToRead = true;
                return true;
            }

            var size = EpollLoop.CopyBufferSize;
            var rate = clientToTarget ? _connections.Rule.ClientToTargetRate : _connections.Rule.TargetToClientRate;
            if (rate is not null && (size = Paced(rate, size)) == 0)
            {
                return true;
            }

            turn.Budget--;
            var buffer = _loop.CopyBuffer;
            var read = Receive(from, buffer, (nuint)size, MsgDontWait);
            switch (Outcome(read))
            {
                case Io.WouldBlock:
                    readable = false;
                    return true;
                case Io.Interrupted:
                    continue;
                case Io.Failed:
                    // A reset (or any error) on one leg is passed on as a reset on both.
                    CloseNow(reset: true);
                    return false;
            }

            if (read == 0)
            {
                PassFinOn(ref flow, ref readable, to);
                return true;
            }

            rate?.Consume(read);
            if (read < size && !fromShut)
            {
                // Drained: more data arriving later is a new edge. (A FIN that came with the data is not; see fromShut.)
                readable = false;
            }

            nint done = 0;
            if (writable)
            {
                done = Send(to, buffer, (nuint)read, MsgNoSignal | MsgDontWait);
                if (done < 0)
                {
                    var error = LastError;
                    if (error is not EAgain and not EIntr)
                    {
                        CloseNow(reset: true);
                        return false;
                    }

                    writable = error == EIntr;
                    done = 0;
                }
                else
                {
                    CountSent(clientToTarget, done);
                    if (done < read)
                    {
                        writable = false;
                    }
                }
            }

            if (done < read)
            {
                // The receiver is full: keep the rest and stop reading this way until it has gone.
                flow.Keep(new ReadOnlySpan<byte>(buffer + done, (int)(read - done)));
            }

            if (read == EpollLoop.CopyBufferSize && _loop.Splice)
            {
                // A read that filled the whole buffer is a bulk transfer: from now on this direction moves through a
                // pipe in the kernel (splice), never through user space. Small messages never get here.
                _pipes ??= new Pipes();
                if (_pipes.For(clientToTarget).TryOpen())
                {
                    _loop.CountSpliced();
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Move"/> for a direction that splices: socket → pipe → socket inside the kernel. The pipe is
    /// emptied before the next read, so a full receiver stops reading this way just as on the copy path.
    /// </summary>
    private bool MoveSpliced(ref Flow flow, ref Pipe pipe, int from, int to, ref bool readable, ref bool writable, bool clientToTarget, ref Turn turn)
    {
        while (true)
        {
            if (pipe.Held > 0)
            {
                if (!writable)
                {
                    return true;
                }

                var sent = Splice(pipe.Read, null, to, null, (nuint)pipe.Held, SpliceMove | SpliceNonBlock);
                switch (Outcome(sent))
                {
                    case Io.WouldBlock:
                        writable = false;
                        return true;
                    case Io.Interrupted:
                        continue;
                    case Io.Failed:
                        CloseNow(reset: true);
                        return false;
                }

                CountSent(clientToTarget, sent);
                pipe.Held -= (int)sent;

                // A short splice need not mean the receiver is full: the next one says (EAGAIN) before writable is cleared.
                continue;
            }

            if (flow.Ended || !readable)
            {
                return true;
            }

            if (turn.Budget <= 0)
            {
                turn.MoreToRead = true;
                return true;
            }

            var size = pipe.Size;
            var rate = clientToTarget ? _connections.Rule.ClientToTargetRate : _connections.Rule.TargetToClientRate;
            if (rate is not null && (size = Paced(rate, size)) == 0)
            {
                return true;
            }

            turn.Budget--;
            var read = Splice(from, null, pipe.Write, null, (nuint)size, SpliceMove | SpliceNonBlock);
            // The pipe is empty here, so "would block" is the socket having nothing to read.
            switch (Outcome(read))
            {
                case Io.WouldBlock:
                    readable = false;
                    return true;
                case Io.Interrupted:
                    continue;
                case Io.Failed:
                    CloseNow(reset: true);
                    return false;
            }

            if (read == 0)
            {
                PassFinOn(ref flow, ref readable, to);
                return true;
            }

            // A short splice does not mean the socket is drained: a pipe holds a bounded number of buffers, one per
            // segment, so many small segments fill it before its size. Left readable, the next splice says "would
            // block" if nothing is left; cleared here, a full receive buffer would never raise another edge.
            rate?.Consume(read);

            pipe.Held = (int)read;
        }
    }

    /// <summary>What a send, receive or splice call's result means.</summary>
    private enum Io
    {
        Done,
        WouldBlock,
        Interrupted,
        Failed,
    }

    private static Io Outcome(nint result) => result >= 0 ? Io.Done
        : LastError switch
        {
            EAgain => Io.WouldBlock,
            EIntr => Io.Interrupted,
            _ => Io.Failed,
        };

    /// <summary>FIN from this side: the half-close is passed on; the other direction keeps flowing.</summary>
    private static void PassFinOn(ref Flow flow, ref bool readable, int to)
    {
        flow.Ended = true;
        readable = false;
        Shutdown(to, ShutWr);
    }

    private void CountSent(bool clientToTarget, nint bytes)
    {
        if (clientToTarget)
        {
            Interlocked.Add(ref _connections.Counters.BytesClientToTarget, bytes);
        }
        else
        {
            Interlocked.Add(ref _connections.Counters.BytesTargetToClient, bytes);
        }

        CountDelivered(clientToTarget, bytes, _connections.Rule.Clock.Now);
    }

    private void UpstreamFailed(string reason)
    {
        Interlocked.Increment(ref _connections.Counters.TcpUpstreamFailed);
        var rule = _connections.Rule;
        if (rule.Logger.IsEnabled(LogLevel.Debug))
        {
            RelayLog.UpstreamFailed(rule.Logger, rule.RuleId, ToEndPoint(_targetAddress).ToString(), reason);
        }

        // The client gets a clean close, as when nothing listens on the target.
        CloseNow(reset: false);
    }

    private void CloseNow(bool reset)
    {
        if (_state == State.Closed)
        {
            return;
        }

        if (Connecting)
        {
            Volatile.Write(ref Connecting, false);
            _connections.ConnectFinished();
        }

        _state = State.Closed;
        if (reset)
        {
            SetResetOnClose(_client);
            if (_upstream >= 0)
            {
                SetResetOnClose(_upstream);
            }
        }

        // Closing a descriptor also takes it out of epoll.
        LinuxSockets.Close(_client);
        if (_upstream >= 0)
        {
            LinuxSockets.Close(_upstream);
        }

        ToTarget().Release();
        ToClient().Release();
        _pipes?.Release();
        if (_slot >= 0)
        {
            _loop.Release(_slot);
        }

        _connections.Remove(this);
    }

    /// <summary>How much one <see cref="Pump"/> may still read, and whether a direction had more than that.</summary>
    private struct Turn
    {
        public int Budget;
        public bool MoreToRead;
    }

    /// <summary>
    /// One direction of the connection, a view over that direction's own fields. The bytes the receiver has not taken
    /// are kept right-aligned in a pooled buffer: they run from <see cref="Start"/> to its end, so where they start is all
    /// there is to keep beside it, and a direction with nothing kept costs a null reference.
    /// </summary>
    private ref struct Flow
    {
        public ref byte[]? Pending;
        public ref int Start;

        /// <summary>The sender's FIN was read and passed on.</summary>
        public ref bool Ended;

        public Flow(ref byte[]? pending, ref int start, ref bool ended)
        {
            Pending = ref pending;
            Start = ref start;
            Ended = ref ended;
        }

        /// <summary>Keeps <paramref name="bytes"/> until the receiver takes them; nothing is kept this way already.</summary>
        public readonly void Keep(ReadOnlySpan<byte> bytes)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
            Start = buffer.Length - bytes.Length;
            bytes.CopyTo(buffer.AsSpan(Start));
            Pending = buffer;
        }

        /// <summary>Gives the buffer back (all was taken, or the connection closed).</summary>
        public readonly void Release()
        {
            if (Pending is not null)
            {
                ArrayPool<byte>.Shared.Return(Pending);
                Pending = null;
                Start = 0;
            }
        }
    }

    /// <summary>The pipes of the connection's directions that splice; made when the first of them starts. Loop thread.</summary>
    private sealed class Pipes
    {
        private Pipe _toTarget;
        private Pipe _toClient;

        public ref Pipe For(bool clientToTarget) => ref clientToTarget ? ref _toTarget : ref _toClient;

        public void Release()
        {
            _toTarget.Release();
            _toClient.Release();
        }
    }

    /// <summary>A direction's pipe in the kernel: socket → pipe → socket (splice).</summary>
    private struct Pipe
    {
        /// <summary>This direction moves through <see cref="Read"/>/<see cref="Write"/>; the descriptors are valid only then.</summary>
        public bool Open;
        public int Read;
        public int Write;

        /// <summary>How much the pipe holds at most; a splice asks for this much.</summary>
        public int Size;

        /// <summary>Bytes in the pipe not yet taken by the receiver.</summary>
        public int Held;

        /// <summary>Opens the pipe, as large as the copy buffer when the system allows it; false (the copy path stays) when it cannot.</summary>
        public bool TryOpen()
        {
            var fds = stackalloc int[2];
            if (LinuxSockets.Pipe(fds, ONonBlock | OCloExec) != 0)
            {
                return false;
            }

            Read = fds[0];
            Write = fds[1];
            var size = Fcntl(Write, FSetPipeSize, EpollLoop.CopyBufferSize);
            Size = size > 0 ? size : DefaultPipeSize;
            Open = true;
            return true;
        }

        public void Release()
        {
            if (Open)
            {
                LinuxSockets.Close(Read);
                LinuxSockets.Close(Write);
                Open = false;
                Held = 0;
            }
        }
    }
}
