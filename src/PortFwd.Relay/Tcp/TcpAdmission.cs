using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Connections;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Linux;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Tcp;

/// <summary>
/// Admits the clients a rule's listeners accept, against the global blocklist and then the rule's current
/// settings (allowed sources, connection cap, connections per source), and starts a relayed connection for each
/// one admitted, with what the connection table shows of it (id, client, external port, when).
/// </summary>
internal sealed class TcpAdmission(RuleContext rule, TcpConnectionSet connections) : ITcpAcceptor
{
    private static readonly LingerOption ResetOnClose = new(true, 0);

    public void Accept(Socket client, int offset)
    {
        var endPoint = RemoteOf(client);
        var remote = PackedEndPoint.From(endPoint);
        if (endPoint is not null && rule.Blocklist.Blocks(endPoint.Address))
        {
            RefuseBlocked(client, remote);
            return;
        }

        var settings = rule.Settings;
        if (!connections.TryAdmit(IsAllowed(settings, endPoint), settings.MaxTcpConnections, remote, settings.MaxConnectionsPerSource, out var counted))
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

        var connection = new TcpRelayConnection(connections, client) { CountedPerSource = counted };
        connection.Accepted(Stats(), remote, rule.ExternalPorts[offset]);
        connections.Add(connection);

        // Not awaited: the connection leaves the set when it ends, and closing the set waits for it to empty.
        _ = connection.RunAsync(settings.Targets[offset], settings.ProxyProtocol);
    }

    public void Accept(EpollLoop loop, int fd, ReadOnlySpan<byte> address, int offset)
    {
        var remote = PackedEndPoint.FromSockAddr(address);
        if (rule.Blocklist.BlocksSockAddr(address))
        {
            RefuseBlocked(fd, remote);
            return;
        }

        var settings = rule.Settings;
        if (!connections.TryAdmit(IsAllowed(settings, address), settings.MaxTcpConnections, remote, settings.MaxConnectionsPerSource, out var counted))
        {
            LinuxSockets.Close(fd);
            return;
        }

        var connection = new EpollTcpConnection(connections, loop, fd, settings.TargetSockAddrs[offset], settings.ProxyProtocol)
        {
            CountedPerSource = counted,
        };
        connection.Accepted(Stats(), remote, rule.ExternalPorts[offset]);
        connections.Add(connection);
        connection.Start();
    }

    private ConnectionStats Stats() => new(rule.Ids.Next(), rule.Time.GetTimestamp());

    /// <summary>
    /// The one place a blocked client of the sockets transport is refused: counted, then reset at once (RST), before
    /// anything is set up for it.
    /// </summary>
    private void RefuseBlocked(Socket client, in PackedEndPoint remote)
    {
        CountBlocked(remote);
        try
        {
            client.LingerState = ResetOnClose;
        }
        catch (SocketException)
        {
            // Already gone: a plain close is all that is left.
        }

        client.Dispose();
    }

    /// <summary>The one place a blocked client of the epoll transport is refused: counted, then reset at once (RST).</summary>
    private void RefuseBlocked(int fd, in PackedEndPoint remote)
    {
        CountBlocked(remote);
        LinuxSockets.SetResetOnClose(fd);
        LinuxSockets.Close(fd);
    }

    private void CountBlocked(in PackedEndPoint remote)
    {
        Interlocked.Increment(ref rule.Counters.TcpRefused);
        rule.Refusals.Record(remote, RefusalReason.Blocked);
    }

    private static bool IsAllowed(RuleSettings settings, ReadOnlySpan<byte> sockAddr) =>
        settings.Allowed.Length == 0 || (LinuxSockets.AddressOf(sockAddr) is { } source && settings.IsAllowed(source));

    private static bool IsAllowed(RuleSettings settings, IPEndPoint? remote) =>
        settings.Allowed.Length == 0 || (remote is not null && settings.IsAllowed(remote.Address));

    /// <summary>The accepted socket's peer (the runtime made it when accepting); null when the client is already gone.</summary>
    private static IPEndPoint? RemoteOf(Socket client)
    {
        try
        {
            return client.RemoteEndPoint as IPEndPoint;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
