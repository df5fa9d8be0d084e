using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PortFwd.Relay.Linux;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tcp;
using PortFwd.Relay.Udp;

namespace PortFwd.Relay.Engine;

/// <summary>
/// The live state of one applied rule: its listeners, connections, UDP sessions and counters.
/// </summary>
internal sealed class AppliedRule
{
    private readonly RelayEngine _engine;
    private readonly List<ITcpPortListener> _tcpListeners = [];
    private readonly List<UdpPortListener> _udpListeners = [];

    // Live TCP connections, an intrusive list: adding and removing cost no allocation.
    private readonly Lock _connectionLock = new();
    private RelayedConnection? _firstConnection;
    private int _connecting;

    // UDP sessions of all ports of the rule, for expiry and eviction.
    private readonly List<UdpSession> _sessions = [];
    private long _sessionSequence;

    /// <summary>Bound on waiting for copy loops to notice their sockets were closed (real time, not the rule's clock).</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(10);

    private volatile RuleSettings _settings;
    private volatile bool _closing;
    private TaskCompletionSource? _allClosed;

    public AppliedRule(RelayEngine engine, RuleSettings settings, RuleCounters counters)
    {
        _engine = engine;
        _settings = settings;
        Counters = counters;
    }

    public int RuleId => _settings.Spec.RuleId;

    public RuleSettings Settings => _settings;

    public RuleCounters Counters { get; }

    public ILogger Logger => _engine.Logger;

    public TimeProvider Time => _engine.Time;

    public long CoarseNow => _engine.CoarseNow;

    public Lock SessionLock { get; } = new();

    public IReadOnlyList<RelayEndpoint> Listening { get; private set; } = [];

    /// <summary>Opens every listener of the rule; on the first failure closes what it opened and returns the message.</summary>
    public async ValueTask<string?> OpenAsync()
    {
        var spec = _settings.Spec;
        var endpoints = new List<RelayEndpoint>();
        var suffix = spec.Transport == RelayTransport.TcpAndUdp;
        for (var offset = 0; offset < spec.PortCount; offset++)
        {
            var port = spec.ListenPort + offset;
            var transport = RelayTransport.Tcp;
            try
            {
                if (spec.HasTcp)
                {
                    ITcpPortListener tcp = _engine.EpollLoop is { } loop
                        ? EpollTcpListener.Open(this, loop, spec.ListenAddress, port, offset)
                        : TcpPortListener.Open(this, spec.ListenAddress, port, offset);
                    _tcpListeners.Add(tcp);
                    endpoints.Add(new RelayEndpoint(RelayTransport.Tcp, tcp.LocalEndPoint));

                    // Port 0 (tests): UDP takes the same port TCP was given.
                    port = tcp.LocalEndPoint.Port;
                }

                if (spec.HasUdp)
                {
                    transport = RelayTransport.Udp;
                    var udp = UdpPortListener.Open(this, spec.ListenAddress, port, offset);
                    _udpListeners.Add(udp);
                    endpoints.Add(new RelayEndpoint(RelayTransport.Udp, udp.LocalEndPoint));
                }
            }
            catch (SocketException e)
            {
                await CloseListenersAsync().ConfigureAwait(false);
                var transportSuffix = suffix ? (transport == RelayTransport.Tcp ? " (TCP)" : " (UDP)") : string.Empty;
                return BindErrors.Describe(e, transportSuffix, spec.ListenAddress, port);
            }
        }

        foreach (var listener in _tcpListeners)
        {
            listener.Start();
        }

        foreach (var listener in _udpListeners)
        {
            listener.Start();
        }

        Listening = endpoints;
        return null;
    }

    /// <summary>Applies a changed spec that listens on the same sockets: new connections and sessions use it.</summary>
    public void Update(RuleSettings settings) => _settings = settings;

    /// <summary>Stops accepting: closes the listeners and the UDP sessions at once.</summary>
    public async Task StopListeningAsync()
    {
        _closing = true;
        await CloseListenersAsync().ConfigureAwait(false);
        await CloseAllSessionsAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// After <see cref="StopListeningAsync"/>: lets TCP connections finish for up to the drain
    /// timeout (when <paramref name="drain"/>), then closes the rest. Cancelling ends the drain early.
    /// </summary>
    /// <returns>How many connections were closed by the relay rather than by their peers.</returns>
    public async Task<int> CloseConnectionsAsync(bool drain, CancellationToken ct)
    {
        var drainTimeout = _settings.Spec.Limits.DrainTimeout;
        Task allClosed;
        lock (_connectionLock)
        {
            _allClosed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_firstConnection is null)
            {
                _allClosed.TrySetResult();
            }

            allClosed = _allClosed.Task;
        }

        if (drain && drainTimeout is { } timeout && timeout > TimeSpan.Zero && !allClosed.IsCompleted)
        {
            try
            {
                await allClosed.WaitAsync(timeout, Time, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Drain time is up (or the caller gave up waiting): the rest are closed below.
            }
        }

        var closed = 0;
        List<RelayedConnection> open = [];
        lock (_connectionLock)
        {
            for (var c = _firstConnection; c is not null; c = c.Next)
            {
                open.Add(c);
            }
        }

        foreach (var connection in open)
        {
            connection.Close(reset: false);
            closed++;
        }

        // Sockets are closed, so the copy loops end promptly; bounded anyway.
        try
        {
            await allClosed.WaitAsync(CloseWait, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A loop stuck in the runtime; the sockets are closed, so nothing flows any more.
        }

        return closed;
    }

    /// <summary>Called by a listener for each accepted client.</summary>
    public void OnAccepted(Socket client, int offset)
    {
        var settings = _settings;
        if (!TryAdmit(settings, IsAllowed(settings, client)))
        {
            client.Dispose();
            return;
        }

        try
        {
            TcpRelayConnection.Configure(client);
        }
        catch (SocketException)
        {
            // The client is already gone; the connect below fails fast and cleans up.
        }

        var connection = new TcpRelayConnection(this, client);
        Link(connection);

        // Not awaited: the connection unlinks itself when it ends, and CloseConnectionsAsync waits for the list to empty.
        _ = connection.RunAsync(settings.Targets[offset]);
    }

    /// <summary>Called on the epoll loop for each accepted client descriptor; owns <paramref name="fd"/> from here.</summary>
    public void OnAccepted(EpollLoop loop, int fd, ReadOnlySpan<byte> address, int offset)
    {
        var settings = _settings;
        if (!TryAdmit(settings, IsAllowed(settings, address)))
        {
            LinuxSockets.Close(fd);
            return;
        }

        var connection = new EpollTcpConnection(this, loop, fd, settings.Targets[offset], settings.TargetSockAddrs[offset]);
        Link(connection);
        connection.Start();
    }

    /// <summary>
    /// Counts an accepted client as refused (rule closing, source not allowed, at the connection cap)
    /// or as admitted and active; false means the caller closes it.
    /// </summary>
    private bool TryAdmit(RuleSettings settings, bool sourceAllowed)
    {
        var counters = Counters;
        if (_closing || !sourceAllowed)
        {
            Interlocked.Increment(ref counters.TcpRefused);
            return false;
        }

        if (Interlocked.Increment(ref counters.TcpActive) > settings.MaxTcpConnections)
        {
            Interlocked.Decrement(ref counters.TcpActive);
            Interlocked.Increment(ref counters.TcpRefused);
            return false;
        }

        Interlocked.Increment(ref counters.TcpAccepted);
        return true;
    }

    private void Link(RelayedConnection connection)
    {
        lock (_connectionLock)
        {
            connection.Next = _firstConnection;
            if (_firstConnection is not null)
            {
                _firstConnection.Previous = connection;
            }

            _firstConnection = connection;
        }
    }

    public void OnConnectionClosed(RelayedConnection connection)
    {
        lock (_connectionLock)
        {
            if (connection.Previous is not null)
            {
                connection.Previous.Next = connection.Next;
            }
            else if (_firstConnection == connection)
            {
                _firstConnection = connection.Next;
            }

            if (connection.Next is not null)
            {
                connection.Next.Previous = connection.Previous;
            }

            connection.Previous = connection.Next = null;
            if (_firstConnection is null && _closing)
            {
                _allClosed?.TrySetResult();
            }
        }

        Interlocked.Decrement(ref Counters.TcpActive);
    }

    public void ConnectStarting() => Interlocked.Increment(ref _connecting);

    public void ConnectFinished() => Interlocked.Decrement(ref _connecting);

    public long NextSessionSequence() => Interlocked.Increment(ref _sessionSequence);

    /// <summary>Evicts the oldest idle session when the rule is at its session cap; caller holds <see cref="SessionLock"/>.</summary>
    public void MakeRoomForSessionLocked()
    {
        var max = Math.Max(1, _settings.MaxUdpSessions);
        while (_sessions.Count >= max)
        {
            var oldest = _sessions[0];
            foreach (var s in _sessions)
            {
                if (s.LastActive < oldest.LastActive || (s.LastActive == oldest.LastActive && s.Sequence < oldest.Sequence))
                {
                    oldest = s;
                }
            }

            RemoveSessionLocked(oldest);
        }
    }

    /// <summary>Caller holds <see cref="SessionLock"/>.</summary>
    public void AddSessionLocked(UdpSession session)
    {
        session.Index = _sessions.Count;
        _sessions.Add(session);
        Interlocked.Increment(ref Counters.UdpActiveSessions);
        Interlocked.Increment(ref Counters.UdpSessionsOpened);
    }

    /// <summary>Expires idle UDP sessions and gives up on TCP connects past the timeout. Runs on the engine's sweeper.</summary>
    public void Sweep(long now)
    {
        var settings = _settings;
        if (_sessions.Count > 0)
        {
            lock (SessionLock)
            {
                for (var i = _sessions.Count - 1; i >= 0; i--)
                {
                    var s = _sessions[i];
                    if (now - s.LastActive >= settings.UdpIdleTicks)
                    {
                        RemoveSessionLocked(s);
                    }
                }
            }
        }

        if (Volatile.Read(ref _connecting) > 0)
        {
            lock (_connectionLock)
            {
                for (var c = _firstConnection; c is not null; c = c.Next)
                {
                    var started = Volatile.Read(ref c.ConnectStarted);
                    if (started != 0 && now - started >= settings.ConnectTimeoutTicks)
                    {
                        c.TimeOutConnect();
                    }
                }
            }
        }
    }

    private static bool IsAllowed(RuleSettings settings, ReadOnlySpan<byte> sockAddr) =>
        settings.Allowed.Length == 0 || (LinuxSockets.AddressOf(sockAddr) is { } source && settings.IsAllowed(source));

    private static bool IsAllowed(RuleSettings settings, Socket client)
    {
        if (settings.Allowed.Length == 0)
        {
            return true;
        }

        try
        {
            return client.RemoteEndPoint is IPEndPoint remote && settings.IsAllowed(remote.Address);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void RemoveSessionLocked(UdpSession session)
    {
        var index = session.Index;
        if (index < 0)
        {
            return;
        }

        var last = _sessions[^1];
        _sessions[index] = last;
        last.Index = index;
        _sessions.RemoveAt(_sessions.Count - 1);
        session.Index = -1;
        session.Listener.RemoveSessionLocked(session);
        session.Close();
        Interlocked.Decrement(ref Counters.UdpActiveSessions);
    }

    private async Task CloseAllSessionsAsync()
    {
        Task[] loops;
        lock (SessionLock)
        {
            loops = new Task[_sessions.Count];
            for (var i = _sessions.Count - 1; i >= 0; i--)
            {
                loops[i] = _sessions[i].ReplyLoop;
                RemoveSessionLocked(_sessions[i]);
            }
        }

        try
        {
            await Task.WhenAll(loops).WaitAsync(CloseWait, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Sockets are closed; a loop that has not noticed yet ends on its own.
        }
    }

    private async Task CloseListenersAsync()
    {
        var loops = new List<Task>(_tcpListeners.Count + _udpListeners.Count);
        foreach (var listener in _tcpListeners)
        {
            loops.Add(listener.Close());
        }

        foreach (var listener in _udpListeners)
        {
            loops.Add(listener.Close());
        }

        _tcpListeners.Clear();
        _udpListeners.Clear();
        await Task.WhenAll(loops).ConfigureAwait(false);
    }
}
