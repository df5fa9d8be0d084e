using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Engine;

/// <summary>Turns socket errors into errors a user of the panel can act on.</summary>
internal static class BindErrors
{
    public static RelayError Describe(SocketException e, string transportSuffix, IPAddress address, int port) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => new(RelayErrorKind.PortInUse, $"port {port} is already in use by another program{transportSuffix}")
        {
            Code = "PortInUse", Arguments = [port, transportSuffix],
        },
        SocketError.AccessDenied => new(RelayErrorKind.PermissionDenied, $"permission denied for port {port} (run with CAP_NET_BIND_SERVICE or use a port above 1023)")
        {
            Code = "PermissionDenied", Arguments = [port],
        },
        SocketError.AddressNotAvailable => new(RelayErrorKind.AddressNotAvailable, $"address {address} not available on this machine")
        {
            Code = "AddressNotAvailable", Arguments = [address.ToString()],
        },
        SocketError.AddressFamilyNotSupported => new(RelayErrorKind.AddressNotAvailable, $"address {address} not available: IPv{IpVersion(address)} is not supported here")
        {
            Code = "AddressFamilyNotSupported", Arguments = [address.ToString(), IpVersion(address)],
        },
        _ => new(RelayErrorKind.Other, $"cannot listen on port {port}{transportSuffix}: {e.Message}")
        {
            Code = "CannotListen", Arguments = [port, transportSuffix, e.Message],
        },
    };

    private static int IpVersion(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? 6 : 4;
}
