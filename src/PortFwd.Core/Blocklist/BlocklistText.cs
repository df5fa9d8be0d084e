using System.Net;
using System.Net.Sockets;

namespace PortFwd.Core.Blocklist;

/// <summary>How a blocklist entry's network is written: an address alone for a network of one, CIDR otherwise.</summary>
public static class BlocklistText
{
    public static string Normalize(IPNetwork network) =>
        network.PrefixLength == (network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32)
            ? network.BaseAddress.ToString()
            : network.ToString();

    /// <summary>Reads a stored, normalized entry back as a network.</summary>
    public static IPNetwork ToNetwork(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        if (normalized.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.Parse(normalized);
        }

        var address = IPAddress.Parse(normalized);
        return new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);
    }
}
