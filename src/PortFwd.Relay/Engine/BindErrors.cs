using System.Net;
using System.Net.Sockets;

namespace PortFwd.Relay.Engine;

/// <summary>Turns socket errors into sentences a user of the panel can act on.</summary>
internal static class BindErrors
{
    public static string Describe(SocketException e, string transportSuffix, IPAddress address, int port) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => $"port {port} is already in use by another program{transportSuffix}",
        SocketError.AccessDenied => $"permission denied for port {port} (run with CAP_NET_BIND_SERVICE or use a port above 1023)",
        SocketError.AddressNotAvailable => $"address {address} not available on this machine",
        SocketError.AddressFamilyNotSupported => $"address {address} not available: IPv{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 6 : 4)} is not supported here",
        _ => $"cannot listen on port {port}{transportSuffix}: {e.Message}",
    };
}
