using System.Diagnostics.CodeAnalysis;
using System.Net;
using PortFwd.Relay.Connections;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Udp;

/// <summary>
/// The UDP sessions of one rule, across all its ports: one per client endpoint and port, found by the
/// client's address without allocating, expired when idle, and the least recently active one evicted
/// when the rule is at its session cap. The active and opened counts go to the rule's counters.
/// </summary>
/// <remarks>
/// Methods named <c>…Locked</c> expect the caller to hold <see cref="Lock"/>, so that a receive loop
/// can look a client up and add its new session in one step.
/// </remarks>
internal sealed class UdpSessionTable
{
    /// <summary>Bound on waiting for reply loops to notice their sockets were closed (real time, not the rule's clock).</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(10);

    private readonly RuleCounters _counters;

    // By port offset and client address; looked up with the receive loop's reused SocketAddress, so a lookup allocates nothing.
    private readonly Dictionary<(int Offset, SocketAddress Client), UdpSession> _byClient = [];

    // All sessions, for the sweep and eviction; each session knows its index, so removal is a swap with the last.
    private readonly List<UdpSession> _all = [];
    private long _sequence;

    public UdpSessionTable(RuleCounters counters) => _counters = counters;

    public Lock Lock { get; } = new();

    /// <summary>How many sessions are open (a racy read outside <see cref="Lock"/>).</summary>
    public int Count => _all.Count;

    public bool TryGetLocked(int offset, SocketAddress client, [MaybeNullWhen(false)] out UdpSession session) =>
        _byClient.TryGetValue((offset, client), out session);

    /// <summary>Closes the least recently active sessions until there is room for one more under <paramref name="maxSessions"/>.</summary>
    public void MakeRoomLocked(int maxSessions)
    {
        var max = Math.Max(1, maxSessions);
        while (_all.Count >= max)
        {
            var oldest = _all[0];
            foreach (var s in _all)
            {
                if (s.LastActive < oldest.LastActive || (s.LastActive == oldest.LastActive && s.Sequence < oldest.Sequence))
                {
                    oldest = s;
                }
            }

            RemoveLocked(oldest);
        }
    }

    public void AddLocked(UdpSession session)
    {
        session.Sequence = ++_sequence;
        session.Index = _all.Count;
        _all.Add(session);
        _byClient.Add((session.Offset, session.Client), session);
        Interlocked.Increment(ref _counters.UdpActiveSessions);
        Interlocked.Increment(ref _counters.UdpSessionsOpened);
    }

    /// <summary>Adds a snapshot of every session to <paramref name="into"/>.</summary>
    public void ListInto(List<RelayConnectionInfo> into, WallClock clock)
    {
        lock (Lock)
        {
            foreach (var session in _all)
            {
                into.Add(session.ToInfo(clock));
            }
        }
    }

    /// <summary>Drops the session with that id (its client's next datagram opens a new one); false when there is none.</summary>
    public bool Close(long id)
    {
        lock (Lock)
        {
            foreach (var session in _all)
            {
                if (session.Stats.Id == id)
                {
                    RemoveLocked(session);
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Closes every session idle for <paramref name="idleTicks"/> or more at <paramref name="now"/>. Runs on the engine's sweeper.</summary>
    public void ExpireIdle(long now, long idleTicks)
    {
        if (_all.Count == 0)
        {
            return;
        }

        lock (Lock)
        {
            for (var i = _all.Count - 1; i >= 0; i--)
            {
                var s = _all[i];
                if (now - s.LastActive >= idleTicks)
                {
                    RemoveLocked(s);
                }
            }
        }
    }

    /// <summary>Closes the sessions of clients <paramref name="blocklist"/> blocks; returns how many.</summary>
    public int CloseBlocked(Rules.AddressBlocklist blocklist)
    {
        if (_all.Count == 0 || blocklist.IsEmpty)
        {
            return 0;
        }

        var closed = 0;
        lock (Lock)
        {
            for (var i = _all.Count - 1; i >= 0; i--)
            {
                if (blocklist.Holds(_all[i].Client))
                {
                    RemoveLocked(_all[i]);
                    closed++;
                }
            }
        }

        return closed;
    }

    /// <summary>Closes every session and waits (bounded) for their reply loops to end.</summary>
    public async Task CloseAllAsync()
    {
        Task[] loops;
        lock (Lock)
        {
            loops = new Task[_all.Count];
            for (var i = _all.Count - 1; i >= 0; i--)
            {
                loops[i] = _all[i].ReplyLoop;
                RemoveLocked(_all[i]);
            }
        }

        try
        {
            await Task.WhenAll(loops).WaitAsync(CloseWait, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // Sockets are closed; a loop that has not noticed yet ends on its own.
        }
    }

    private void RemoveLocked(UdpSession session)
    {
        var index = session.Index;
        if (index < 0)
        {
            return;
        }

        var last = _all[^1];
        _all[index] = last;
        last.Index = index;
        _all.RemoveAt(_all.Count - 1);
        session.Index = -1;
        _byClient.Remove((session.Offset, session.Client));
        session.Close();
        Interlocked.Decrement(ref _counters.UdpActiveSessions);
    }
}
