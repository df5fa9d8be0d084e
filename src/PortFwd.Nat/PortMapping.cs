using System.Net;

namespace PortFwd.Nat;

/// <summary>The transport protocol of a port mapping.</summary>
public enum PortProtocol
{
    Tcp,
    Udp,
}

/// <summary>How PortFwd talks to the router.</summary>
public enum RouterProtocol
{
    /// <summary>UPnP Internet Gateway Device (v1 or v2) over SSDP + SOAP.</summary>
    Upnp,

    /// <summary>Port Control Protocol, RFC 6887.</summary>
    Pcp,

    /// <summary>NAT Port Mapping Protocol, RFC 6886.</summary>
    NatPmp,
}

/// <summary>What to ask the router for: forward <see cref="ExternalPort"/> on the router's public
/// address to <see cref="InternalClient"/>:<see cref="InternalPort"/>.</summary>
/// <param name="Protocol">TCP or UDP.</param>
/// <param name="InternalPort">The port on the LAN host, 1–65535.</param>
/// <param name="ExternalPort">The public port, 1–65535, or 0 to let the router pick a free one.</param>
public sealed record MappingRequest(PortProtocol Protocol, int InternalPort, int ExternalPort)
{
    /// <summary>Shown in the router's mapping table.</summary>
    public string Description { get; init; } = "";

    /// <summary>How long the router keeps the mapping; <see cref="TimeSpan.Zero"/> asks for a permanent one
    /// (NAT-PMP and PCP have none, they get 7 days). Default one hour.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The LAN host the port goes to; null means this machine (the device's local address).
    /// NAT-PMP and PCP can only map to this machine.</summary>
    public IPAddress? InternalClient { get; init; }

    internal NatError? Validate()
    {
        if (InternalPort is < 1 or > 65535)
        {
            return new NatError(NatErrorKind.InvalidArguments, $"Internal port {InternalPort} is not between 1 and 65535.");
        }

        if (ExternalPort is < 0 or > 65535)
        {
            return new NatError(NatErrorKind.InvalidArguments, $"External port {ExternalPort} is not between 1 and 65535.");
        }

        if (Lease < TimeSpan.Zero || Lease.TotalSeconds > uint.MaxValue)
        {
            return new NatError(NatErrorKind.InvalidArguments, $"Lease {Lease} is out of range.");
        }

        return null;
    }
}

/// <summary>A port mapping as the router holds it (or, for NAT-PMP and PCP, which cannot list,
/// as this client made it).</summary>
/// <param name="Protocol">TCP or UDP.</param>
/// <param name="ExternalPort">The public port on the router.</param>
/// <param name="InternalClient">The LAN host the port is forwarded to.</param>
/// <param name="InternalPort">The port on that host.</param>
public sealed record PortMapping(PortProtocol Protocol, int ExternalPort, IPAddress InternalClient, int InternalPort)
{
    public string Description { get; init; } = "";

    /// <summary>The lease the router granted or, when listed, the time it has left;
    /// <see cref="TimeSpan.Zero"/> = permanent.</summary>
    public TimeSpan Lease { get; init; }

    /// <summary>When the lease ends, if it is finite.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The router's public address for this mapping, when the router said it.</summary>
    public IPAddress? ExternalAddress { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>The remote host the mapping is limited to; empty = any.</summary>
    public string RemoteHost { get; init; } = "";

    /// <summary>True when the entry comes from this client's own table (NAT-PMP, PCP) rather than
    /// from the router's list.</summary>
    public bool FromLocalTable { get; init; }

    public override string ToString() =>
        $"{ExternalPort}/{Protocol.ToWireName()} -> {InternalClient}:{InternalPort}" +
        (Description.Length > 0 ? $" '{Description}'" : "");
}

/// <summary>Names of protocols as routers write them.</summary>
public static class PortProtocolNames
{
    /// <summary>"TCP" or "UDP", as UPnP writes them.</summary>
    public static string ToWireName(this PortProtocol protocol) => protocol == PortProtocol.Tcp ? "TCP" : "UDP";

    /// <summary>Reads "TCP"/"UDP" in any case.</summary>
    public static bool TryParse(string? text, out PortProtocol protocol)
    {
        protocol = PortProtocol.Tcp;
        if (string.Equals(text, "TCP", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        protocol = PortProtocol.Udp;
        return string.Equals(text, "UDP", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The name of a router protocol for people: "UPnP IGD", "PCP", "NAT-PMP".</summary>
    public static string ToDisplayName(this RouterProtocol protocol) => protocol switch
    {
        RouterProtocol.Upnp => "UPnP IGD",
        RouterProtocol.Pcp => "PCP",
        _ => "NAT-PMP",
    };
}
