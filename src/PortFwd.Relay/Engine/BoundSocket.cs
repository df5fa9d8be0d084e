using System.Net;
using System.Net.Sockets;

namespace PortFwd.Relay.Engine;

/// <summary>Creates a socket bound to a rule's listen address and port; IPv6 "any" serves IPv4 too.</summary>
internal static class BoundSocket
{
    /// <summary>
    /// Creates, configures and binds; disposes the socket and rethrows if any step fails. With <c>sharePort</c> (Linux:
    /// SO_REUSEPORT) several sockets of this process, one per event loop, listen on the port and the kernel spreads new
    /// connections over them; a port held by a socket without it still refuses the bind.
    /// </summary>
    public static Socket Create(IPAddress address, int port, SocketType type, ProtocolType protocol, Action<Socket> afterBind, bool sharePort = false)
    {
        var socket = new Socket(address.AddressFamily, type, protocol);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            if (sharePort)
            {
                Span<byte> on = [1, 0, 0, 0];
                socket.SetRawSocketOption(Linux.LinuxSockets.SolSocket, Linux.LinuxSockets.SoReusePort, on);
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
