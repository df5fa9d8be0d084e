using System.Net;
using System.Net.Sockets;

namespace PortFwd.Relay.Engine;

/// <summary>Creates a socket bound to a rule's listen address and port; IPv6 "any" serves IPv4 too.</summary>
internal static class BoundSocket
{
    /// <summary>Creates, configures and binds; disposes the socket and rethrows if any step fails.</summary>
    public static Socket Create(IPAddress address, int port, SocketType type, ProtocolType protocol, Action<Socket> afterBind)
    {
        var socket = new Socket(address.AddressFamily, type, protocol);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            afterBind(socket);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
