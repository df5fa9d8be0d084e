using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PortFwd.Web.HomeRouter;

/// <summary>This machine's LAN address and gateway, for when the configuration leaves them empty.</summary>
internal static class LanDefaults
{
    /// <summary>The first IPv4 interface that is up and has a default gateway.</summary>
    public static (IPAddress? Local, IPAddress? Gateway) Find()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            var properties = nic.GetIPProperties();
            var gateway = properties.GatewayAddresses.Select(g => g.Address)
                .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !a.Equals(IPAddress.Any));
            var local = properties.UnicastAddresses.Select(u => u.Address)
                .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            if (gateway is not null && local is not null)
            {
                return (local, gateway);
            }
        }

        return (null, null);
    }
}
