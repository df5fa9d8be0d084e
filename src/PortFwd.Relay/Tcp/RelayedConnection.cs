using PortFwd.Relay.Connections;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Tcp;

/// <summary>
/// What a rule's <see cref="TcpConnectionSet"/> needs of each live TCP connection, whichever transport
/// carries it: a place in the set's list, whether a connect to the target is under way for the sweeper,
/// what the connection table shows, and ways to close it.
/// </summary>
/// <remarks>
/// Every live connection carries these fields, so they are kept small: the flags and the ports fill the
/// space the client's address leaves, and the transports put their own small fields after them.
/// </remarks>
internal abstract class RelayedConnection
{
    // Links of the set's list (guarded by the set's lock).
    internal RelayedConnection? Previous { get; set; }

    internal RelayedConnection? Next { get; set; }

    /// <summary>The client's address and port.</summary>
    /// <remarks>
    /// Declared before <see cref="Stats"/>: the runtime places struct fields after all others, in this order, so the
    /// 4-byte-aligned address fills the room the small fields leave before the 8-byte-aligned stats.
    /// </remarks>
    internal PackedEndPoint Remote;

    /// <summary>Id, when accepted and byte counts (each count written by the thread moving those bytes).</summary>
    internal ConnectionStats Stats;

    /// <summary>The engine's coarse timestamp when bytes last moved either way (written by the threads moving them).</summary>
    internal long LastActivity;

    /// <summary>The rule's port the client came in on.</summary>
    internal ushort ExternalPort;

    /// <summary>
    /// The connect to the target is under way; it began when the client was accepted (<see cref="ConnectionStats.Opened"/>),
    /// which is what the sweeper measures the connect timeout from.
    /// </summary>
    internal bool Connecting;

    /// <summary>The connection is counted under its client's address, for the rule's limit per source (guarded by the set's lock).</summary>
    internal bool CountedPerSource;

    /// <summary>Sets what the table shows; before the connection joins the set.</summary>
    internal void Accepted(in ConnectionStats stats, in PackedEndPoint remote, int externalPort)
    {
        Stats = stats;
        Remote = remote;
        ExternalPort = (ushort)externalPort;
        LastActivity = stats.Opened;
    }

    /// <summary>Counts bytes one leg has delivered; called only by the thread moving that direction.</summary>
    internal void CountDelivered(bool clientToTarget, long bytes, long now)
    {
        if (clientToTarget)
        {
            Stats.CountIn(bytes);
        }
        else
        {
            Stats.CountOut(bytes);
        }

        // Both directions write this; skipping an unchanged value keeps the line from bouncing between their threads.
        if (LastActivity != now)
        {
            Volatile.Write(ref LastActivity, now);
        }
    }

    internal RelayConnectionInfo ToInfo(WallClock clock) => new(
        Stats.Id,
        RelayConnectionProtocol.Tcp,
        Remote.ToEndPoint(),
        ExternalPort,
        clock.At(Stats.Opened),
        Stats.BytesIn,
        Stats.BytesOut,
        clock.At(Math.Max(Volatile.Read(ref LastActivity), Stats.Opened)));

    /// <summary>Closes both legs; with <paramref name="reset"/> both peers see a reset instead of a FIN. Any thread.</summary>
    internal abstract void Close(bool reset);

    /// <summary>Gives up on a connect that took longer than the rule's connect timeout. Any thread.</summary>
    internal abstract void TimeOutConnect();

    /// <summary>Resets both legs if the client's address is on <paramref name="blocklist"/> (it was just blocked). Any thread.</summary>
    internal abstract void CloseIfBlocked(Rules.AddressBlocklist blocklist);
}

/// <summary>A listening TCP port of a rule, whichever transport accepts on it.</summary>
internal interface ITcpPortListener
{
    System.Net.IPEndPoint LocalEndPoint { get; }

    void Start();

    /// <summary>Stops accepting and closes the listening socket; completes when the accept loop has ended.</summary>
    Task Close();
}
