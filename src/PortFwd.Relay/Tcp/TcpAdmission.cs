using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Linux;

namespace PortFwd.Relay.Tcp;

/// <summary>
/// Admits the clients a rule's listeners accept, against the rule's current settings (allowed
/// sources, connection cap), and starts a relayed connection for each one admitted.
/// </summary>
internal sealed class TcpAdmission(RuleContext rule, TcpConnectionSet connections) : ITcpAcceptor
{
    public void Accept(Socket client, int offset)
    {
        var settings = rule.Settings;
        if (!connections.TryAdmit(IsAllowed(settings, client), settings.MaxTcpConnections))
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

        var connection = new TcpRelayConnection(connections, client);
        connections.Add(connection);

        // Not awaited: the connection leaves the set when it ends, and closing the set waits for it to empty.
        _ = connection.RunAsync(settings.Targets[offset]);
    }

    public void Accept(EpollLoop loop, int fd, ReadOnlySpan<byte> address, int offset)
    {
        var settings = rule.Settings;
        if (!connections.TryAdmit(IsAllowed(settings, address), settings.MaxTcpConnections))
        {
            LinuxSockets.Close(fd);
            return;
        }

        var connection = new EpollTcpConnection(connections, loop, fd, settings.Targets[offset], settings.TargetSockAddrs[offset]);
        connections.Add(connection);
        connection.Start();
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
}
