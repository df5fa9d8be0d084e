using PortFwd.Relay.Connections;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Tcp;

/// <summary>
/// What a rule's <see cref="TcpConnectionSet"/> needs of each live TCP connection, whichever transport
/// carries it: a place in the set's list, the connect start time the sweeper checks, what the connection
/// table shows, and ways to close it.
/// </summary>
internal abstract class RelayedConnection
{
    // Links of the set's list (guarded by the set's lock).
    internal RelayedConnection? Previous { get; set; }

    internal RelayedConnection? Next { get; set; }

    /// <summary>The count of live connections from this client's address, when the rule limits them; null otherwise (guarded by the set's lock).</summary>
    internal SourceCount? Source { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the connect to the target began; 0 once connected.</summary>
    internal long ConnectStarted;

    /// <summary>Id, when accepted, external port and byte counts (each count written by the thread moving those bytes).</summary>
    internal ConnectionStats Stats;

    /// <summary>The client's address and port.</summary>
    internal PackedEndPoint Remote;

    /// <summary>The engine's coarse timestamp when bytes last moved either way (written by the threads moving them).</summary>
    internal long LastActivity;

    /// <summary>Sets what the table shows; before the connection joins the set.</summary>
    internal void Accepted(in ConnectionStats stats, in PackedEndPoint remote)
    {
        Stats = stats;
        Remote = remote;
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
        Stats.ExternalPort,
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
