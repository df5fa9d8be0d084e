namespace PortFwd.Relay.Tcp;

/// <summary>
/// What a rule's <see cref="TcpConnectionSet"/> needs of each live TCP connection, whichever transport
/// carries it: a place in the set's list, the connect start time the sweeper checks, and a way to close it.
/// </summary>
internal abstract class RelayedConnection
{
    // Links of the set's list (guarded by the set's lock).
    internal RelayedConnection? Previous { get; set; }

    internal RelayedConnection? Next { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the connect to the target began; 0 once connected.</summary>
    internal long ConnectStarted;

    /// <summary>Closes both legs; with <paramref name="reset"/> both peers see a reset instead of a FIN. Any thread.</summary>
    internal abstract void Close(bool reset);

    /// <summary>Gives up on a connect that took longer than the rule's connect timeout. Any thread.</summary>
    internal abstract void TimeOutConnect();
}

/// <summary>A listening TCP port of a rule, whichever transport accepts on it.</summary>
internal interface ITcpPortListener
{
    System.Net.IPEndPoint LocalEndPoint { get; }

    void Start();

    /// <summary>Stops accepting and closes the listening socket; completes when the accept loop has ended.</summary>
    Task Close();
}
