using System.Net;

namespace PortFwd.Nat;

/// <summary>Which protocols discovery may try.</summary>
[Flags]
public enum DiscoveryMethods
{
    None = 0,
    Upnp = 1,
    Pcp = 2,
    NatPmp = 4,
    All = Upnp | Pcp | NatPmp,
}

/// <summary>Where and how to look for the router. Nothing is sent anywhere that is not configured here:
/// SSDP goes out only from <see cref="LocalAddress"/>, NAT-PMP/PCP only to <see cref="Gateway"/>, never to
/// whatever the machine's default gateway is.</summary>
public sealed class NatDiscoveryOptions
{
    /// <summary>This machine's LAN address: SSDP searches are sent from it (and it is the multicast interface),
    /// and mappings point to it. Required for SSDP; optional with <see cref="DescriptionUrl"/>.</summary>
    public IPAddress? LocalAddress { get; set; }

    /// <summary>The router's UPnP device description (for example http://192.168.1.1:5000/rootDesc.xml):
    /// skips SSDP.</summary>
    public Uri? DescriptionUrl { get; set; }

    /// <summary>The router's address for PCP and NAT-PMP. Without it those protocols are not tried.</summary>
    public IPAddress? Gateway { get; set; }

    /// <summary>The PCP / NAT-PMP server port, 5351 unless a router says otherwise.</summary>
    public int GatewayPort { get; set; } = 5351;

    /// <summary>Protocols to try; UPnP is preferred, then PCP, then NAT-PMP.</summary>
    public DiscoveryMethods Methods { get; set; } = DiscoveryMethods.All;

    /// <summary>Total time for discovery; SSDP searches and PCP/NAT-PMP probes are repeated within it. Default 5 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A secret kept by the application (say 32 random bytes in its data folder). PCP mappings can only be
    /// renewed or deleted with the nonce they were made with; with a seed the nonce is derived from it, so after a
    /// restart the application can renew its earlier mappings instead of being refused until they expire.
    /// Null: a random nonce per mapping, forgotten on restart.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "a key, set once")]
    public byte[]? PcpNonceSeed { get; set; }

    /// <summary>Time for each call to the found router (SOAP action, PCP or NAT-PMP exchange). Default 4 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(4);
}
