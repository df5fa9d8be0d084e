using System.Net;
using System.Net.Sockets;

namespace PortFwd.Nat;

/// <summary>What kind of address a router reports as its external one.</summary>
public enum ExternalAddressKind
{
    /// <summary>No address (the router reported none).</summary>
    None,
    /// <summary>A public address: the internet can reach mapped ports.</summary>
    Public,
    /// <summary>RFC 5737 / RFC 3849 documentation space: public for our purposes (test networks use it).</summary>
    Documentation,
    /// <summary>RFC 1918 / unique-local: the router sits behind another router (double NAT).</summary>
    Private,
    /// <summary>100.64.0.0/10 (RFC 6598): the provider uses carrier-grade NAT.</summary>
    CarrierGradeNat,
    /// <summary>Loopback, link-local, unspecified, multicast or otherwise reserved: not reachable from the internet.</summary>
    Reserved,
}

/// <summary>Classifies addresses a router reports, for the "double NAT / CGNAT" warning.</summary>
public static class AddressClassification
{
    /// <summary>RFC 1918 private IPv4 networks and the IPv6 unique-local block.</summary>
    public static IReadOnlyList<IPNetwork> PrivateNetworks { get; } =
    [
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("fc00::/7"),
    ];

    /// <summary>RFC 6598 shared address space used by carrier-grade NAT.</summary>
    public static IPNetwork CarrierGradeNatNetwork { get; } = IPNetwork.Parse("100.64.0.0/10");

    /// <summary>RFC 5737 (IPv4) and RFC 3849 (IPv6) documentation networks.</summary>
    public static IReadOnlyList<IPNetwork> DocumentationNetworks { get; } =
    [
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("2001:db8::/32"),
    ];

    private static readonly IPNetwork[] ReservedNetworks =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>True for RFC 1918 and unique-local addresses.</summary>
    public static bool IsPrivate(this IPAddress address) => Classify(address) == ExternalAddressKind.Private;

    /// <summary>True for 100.64.0.0/10.</summary>
    public static bool IsCarrierGradeNat(this IPAddress address) => Classify(address) == ExternalAddressKind.CarrierGradeNat;

    /// <summary>True when mapped ports on this address cannot be reached from the internet:
    /// none, private, CGNAT or reserved. Documentation addresses count as public.</summary>
    public static bool IsBehindAnotherNat(this ExternalAddressKind kind) =>
        kind is ExternalAddressKind.None or ExternalAddressKind.Private or ExternalAddressKind.CarrierGradeNat or ExternalAddressKind.Reserved;

    /// <summary>Classifies an address (IPv4-mapped IPv6 addresses are read as IPv4).</summary>
    public static ExternalAddressKind Classify(this IPAddress? address)
    {
        if (address is null)
        {
            return ExternalAddressKind.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return ExternalAddressKind.Reserved;
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return ExternalAddressKind.None;
        }

        if (Contains(PrivateNetworks, address))
        {
            return ExternalAddressKind.Private;
        }

        if (CarrierGradeNatNetwork.Contains(address))
        {
            return ExternalAddressKind.CarrierGradeNat;
        }

        if (Contains(DocumentationNetworks, address))
        {
            return ExternalAddressKind.Documentation;
        }

        if (Contains(ReservedNetworks, address))
        {
            return ExternalAddressKind.Reserved;
        }

        return ExternalAddressKind.Public;
    }

    /// <summary>A warning for people when the address means mapped ports are not reachable, else null.</summary>
    public static string? DescribeProblem(this IPAddress? address) => Classify(address) switch
    {
        ExternalAddressKind.None =>
            "The router reports no public IPv4 address. It is probably behind carrier-grade NAT or another router, or its internet connection is down: ports opened on it cannot be reached from the internet.",
        ExternalAddressKind.Private =>
            $"The router's external address {address} is a private address: it sits behind another router (double NAT). Ports opened on it cannot be reached from the internet unless the outer router forwards them too.",
        ExternalAddressKind.CarrierGradeNat =>
            $"The router's external address {address} is in 100.64.0.0/10: the provider uses carrier-grade NAT. Ports opened on the router cannot be reached from the internet.",
        ExternalAddressKind.Reserved =>
            $"The router's external address {address} is a reserved address that the internet cannot reach.",
        _ => null,
    };

    private static bool Contains(IEnumerable<IPNetwork> networks, IPAddress address)
    {
        foreach (var n in networks)
        {
            if (n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
