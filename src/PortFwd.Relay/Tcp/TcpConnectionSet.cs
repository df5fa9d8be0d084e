using System.Runtime.InteropServices;
using PortFwd.Relay.Connections;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Tcp;

/// <summary>
/// The live TCP connections of one rule, whichever transport carries them: admits each against the
/// rule's cap, keeps them in an intrusive list (joining and leaving allocate nothing), gives up on
/// connects past the timeout, and closes them all when the rule goes, after an optional drain.
/// Admissions, refusals and the active count go to the rule's counters, refusals with their reason to its refusal log.
/// </summary>
internal sealed class TcpConnectionSet
{
    /// <summary>Bound on waiting for copy loops to notice their sockets were closed (real time, not the rule's clock).</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private RelayedConnection? _first;
    private int _connecting;
    private volatile bool _closing;
    private TaskCompletionSource? _allClosed;

    // The idle scan (sweeper thread only): no connection can be idle before _nextIdleScan, for a timeout of _idleScanTicks.
    private long _nextIdleScan;
    private long _idleScanTicks;

    // Live connections per client address; made for the first rule version that limits them (guarded by _lock).
    private Dictionary<PackedEndPoint, int>? _perSource;

    public TcpConnectionSet(RuleContext rule)
    {
        Rule = rule;
        Counters = rule.Counters;
    }

    /// <summary>What the connections report to: counters, log, clock.</summary>
    public RuleContext Rule { get; }

    public RuleCounters Counters { get; }

    /// <summary>
    /// Counts an accepted client as refused (the rule is closing, the source is not allowed, the rule
    /// is at <paramref name="maxConnections"/>) or as admitted and active; false means the caller closes it.
    /// A refusal for a reason is recorded with <paramref name="remote"/> in the rule's refusal log.
    /// An admitted client is then <see cref="Add"/>ed, and counted until it is <see cref="Remove"/>d.
    /// </summary>
    public bool TryAdmit(bool sourceAllowed, int maxConnections, in PackedEndPoint remote = default) =>
        TryAdmit(sourceAllowed, maxConnections, remote, maxPerSource: 0, out _);

    /// <summary>
    /// <see cref="TryAdmit(bool, int, in PackedEndPoint)"/>, and with <paramref name="maxPerSource"/> above 0 also refuses a
    /// client whose address already has that many live connections. <paramref name="counted"/> goes on the connection
    /// (<see cref="RelayedConnection.CountedPerSource"/>) before it is <see cref="Add"/>ed, so its removal counts it out.
    /// </summary>
    public bool TryAdmit(bool sourceAllowed, int maxConnections, in PackedEndPoint remote, int maxPerSource, out bool counted)
    {
        counted = false;
        var counters = Counters;
        if (_closing || !sourceAllowed)
        {
            Interlocked.Increment(ref counters.TcpRefused);
            if (!_closing)
            {
                Rule.Refusals.Record(remote, RefusalReason.NotAllowed);
            }

            return false;
        }

        if (Interlocked.Increment(ref counters.TcpActive) > maxConnections)
        {
            Interlocked.Decrement(ref counters.TcpActive);
            Interlocked.Increment(ref counters.TcpRefused);
            Rule.Refusals.Record(remote, RefusalReason.TooManyConnections);
            return false;
        }

        if (maxPerSource > 0 && !TryCountSource(remote.Source, maxPerSource, out counted))
        {
            Interlocked.Decrement(ref counters.TcpActive);
            RefuseTooManyFromSource(remote);
            return false;
        }

        Interlocked.Increment(ref counters.TcpAccepted);
        return true;
    }

    /// <summary>
    /// The one place a client is refused for having <c>MaxConnectionsPerSource</c> connections open already:
    /// counted with the rule's refusals and kept in its refused attempts with that reason.
    /// </summary>
    private void RefuseTooManyFromSource(in PackedEndPoint remote)
    {
        Interlocked.Increment(ref Counters.TcpRefused);
        Rule.Refusals.Record(remote, RefusalReason.TooManyFromSource);
    }

    private bool TryCountSource(PackedEndPoint source, int maxPerSource, out bool counted)
    {
        lock (_lock)
        {
            _perSource ??= [];
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_perSource, source, out _);
            counted = count < maxPerSource;
            if (counted)
            {
                count++;
            }

            return counted;
        }
    }

    public void Add(RelayedConnection connection)
    {
        lock (_lock)
        {
            connection.Next = _first;
            if (_first is not null)
            {
                _first.Previous = connection;
            }

            _first = connection;
        }
    }

    /// <summary>Called once by each connection when it has ended.</summary>
    public void Remove(RelayedConnection connection)
    {
        lock (_lock)
        {
            if (connection.Previous is not null)
            {
                connection.Previous.Next = connection.Next;
            }
            else if (_first == connection)
            {
                _first = connection.Next;
            }

            if (connection.Next is not null)
            {
                connection.Next.Previous = connection.Previous;
            }

            connection.Previous = connection.Next = null;
            if (connection.CountedPerSource)
            {
                // Looked up again rather than kept on each connection: a reference there would cost every connection 8 bytes.
                connection.CountedPerSource = false;
                var source = connection.Remote.Source;
                if (--CollectionsMarshal.GetValueRefOrNullRef(_perSource!, source) == 0)
                {
                    _perSource!.Remove(source);
                }
            }

            if (_first is null && _closing)
            {
                _allClosed?.TrySetResult();
            }
        }

        Interlocked.Decrement(ref Counters.TcpActive);
    }

    /// <summary>Adds a snapshot of every connection to <paramref name="into"/>.</summary>
    public void ListInto(List<RelayConnectionInfo> into, WallClock clock)
    {
        lock (_lock)
        {
            for (var c = _first; c is not null; c = c.Next)
            {
                into.Add(c.ToInfo(clock));
            }
        }
    }

    /// <summary>Closes the connection with that id, both legs with a reset; false when there is none. It leaves the set once its legs have closed.</summary>
    public bool Close(long id)
    {
        RelayedConnection? found = null;
        lock (_lock)
        {
            for (var c = _first; c is not null; c = c.Next)
            {
                if (c.Stats.Id == id)
                {
                    found = c;
                    break;
                }
            }
        }

        // Outside the lock: closing may end the connection on this thread, and it then leaves the set.
        found?.Close(reset: true);
        return found is not null;
    }

    /// <summary>A connection began connecting to its target; the sweeper looks for slow connects only while some are under way.</summary>
    public void ConnectStarting() => Interlocked.Increment(ref _connecting);

    public void ConnectFinished() => Interlocked.Decrement(ref _connecting);

    /// <summary>
    /// Gives up on every connect that began <paramref name="timeoutTicks"/> or more before <paramref name="now"/>. A connect
    /// begins as the client is accepted, so its start is <see cref="ConnectionStats.Opened"/>. Runs on the engine's sweeper.
    /// </summary>
    public void TimeOutSlowConnects(long now, long timeoutTicks)
    {
        if (Volatile.Read(ref _connecting) <= 0)
        {
            return;
        }

        lock (_lock)
        {
            for (var c = _first; c is not null; c = c.Next)
            {
                if (Volatile.Read(ref c.Connecting) && now - c.Stats.Opened >= timeoutTicks)
                {
                    c.TimeOutConnect();
                }
            }
        }
    }

    /// <summary>
    /// Closes (both legs, with a FIN) every open connection that moved no byte either way for <paramref name="idleTicks"/>
    /// or more before <paramref name="now"/>; 0 closes none. Runs on the engine's sweeper, and walks the list only when the
    /// earliest deadline it saw last time has come (activity only moves deadlines later, and a new connection's is a full
    /// timeout away), so the byte path pays nothing but the activity timestamp it writes anyway.
    /// </summary>
    /// <returns>How many connections were closed.</returns>
    public int CloseIdle(long now, long idleTicks)
    {
        if (idleTicks <= 0 || (idleTicks == _idleScanTicks && now < _nextIdleScan))
        {
            return 0;
        }

        List<RelayedConnection>? idle = null;
        var next = now + idleTicks;
        lock (_lock)
        {
            for (var c = _first; c is not null; c = c.Next)
            {
                // A connect under way has its own, shorter timeout.
                if (Volatile.Read(ref c.Connecting))
                {
                    continue;
                }

                var deadline = Volatile.Read(ref c.LastActivity) + idleTicks;
                if (deadline <= now)
                {
                    (idle ??= []).Add(c);
                }
                else if (deadline < next)
                {
                    next = deadline;
                }
            }
        }

        _idleScanTicks = idleTicks;
        _nextIdleScan = next;
        if (idle is null)
        {
            return 0;
        }

        // Outside the lock: closing may end the connection on this thread, and it then leaves the set.
        foreach (var connection in idle)
        {
            connection.Close(reset: false);
        }

        Interlocked.Add(ref Counters.TcpIdleClosed, idle.Count);
        return idle.Count;
    }

    /// <summary>Resets every live connection whose client <paramref name="blocklist"/> blocks (each looks at its own address).</summary>
    public void CloseBlocked(Rules.AddressBlocklist blocklist)
    {
        if (blocklist.IsEmpty)
        {
            return;
        }

        // Looked at outside the lock: a connection that closes leaves the list.
        List<RelayedConnection> open = [];
        lock (_lock)
        {
            for (var c = _first; c is not null; c = c.Next)
            {
                open.Add(c);
            }
        }

        foreach (var connection in open)
        {
            connection.CloseIfBlocked(blocklist);
        }
    }

    /// <summary>From now on every client is refused; the rule is going.</summary>
    public void StopAdmitting() => _closing = true;

    /// <summary>
    /// After <see cref="StopAdmitting"/>: lets connections finish for up to <paramref name="drainTimeout"/>
    /// (on the rule's clock; null or zero closes at once), then closes the rest. Cancelling ends the drain early.
    /// </summary>
    /// <returns>How many connections were closed by the relay rather than by their peers.</returns>
    public async Task<int> CloseAllAsync(TimeSpan? drainTimeout, CancellationToken ct)
    {
        Task allClosed;
        lock (_lock)
        {
            _allClosed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_first is null)
            {
                _allClosed.TrySetResult();
            }

            allClosed = _allClosed.Task;
        }

        if (drainTimeout is { } timeout && timeout > TimeSpan.Zero && !allClosed.IsCompleted)
        {
            try
            {
                await allClosed.WaitAsync(timeout, Rule.Time, ct);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Drain time is up (or the caller gave up waiting): the rest are closed below.
            }
        }

        List<RelayedConnection> open = [];
        lock (_lock)
        {
            for (var c = _first; c is not null; c = c.Next)
            {
                open.Add(c);
            }
        }

        foreach (var connection in open)
        {
            connection.Close(reset: false);
        }

        // Sockets are closed, so the copy loops end promptly; bounded anyway.
        try
        {
            await allClosed.WaitAsync(CloseWait, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // A loop stuck in the runtime; the sockets are closed, so nothing flows any more.
        }

        return open.Count;
    }
}
