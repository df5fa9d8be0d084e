using System.Net;
using PortFwd.Web.HomeRouter;

namespace PortFwd.Web.Components.HomeRouter;

/// <summary>What the router page and the Status page say about the NAT in front of the router.</summary>
public static class NatKindText
{
    /// <summary>The label the kind is shown under.</summary>
    public const string Label = "NAT in front of the router";

    /// <summary>The kind in words, with what it means for the user.</summary>
    public static string Describe(NatKind kind) => kind switch
    {
        NatKind.None => "none — the router's address is public",
        NatKind.DoubleNat => "double NAT — another router sits in front (often the provider's box)",
        NatKind.CarrierGradeNat => "carrier-grade NAT — the provider shares one public address among customers",
        _ => "not known yet",
    };

    /// <summary>True when <see cref="NatBanner"/> explains the kind, so the router's own warning would say it twice.</summary>
    public static bool HasBanner(NatKind kind) => kind is NatKind.CarrierGradeNat or NatKind.DoubleNat;

    /// <summary>The carrier-grade NAT banner's first sentence: what cannot work.</summary>
    public const string CarrierGradeNatTitle = "Port forwarding cannot work from the internet over IPv4.";

    /// <summary>Why, and what to do.</summary>
    public static string CarrierGradeNatDetail(IPAddress? routerWanAddress) =>
        $"The router's own address{Address(routerWanAddress)} is in 100.64.0.0/10: the provider puts this network behind carrier-grade NAT and shares one public IPv4 address among many customers, "
        + "so no port opened here can be reached from the internet over IPv4 without the provider. "
        + "What to do: ask the provider for a public IPv4 address (some call it a dedicated or static IPv4 address), or reach this machine over IPv6 if the connection has it.";

    /// <summary>The double-NAT banner's first sentence: what is needed.</summary>
    public const string DoubleNatTitle = "Another router sits in front of this one (double NAT).";

    /// <summary>Why, and what to do.</summary>
    public static string DoubleNatDetail(IPAddress? routerWanAddress) =>
        $"The router's own address{Address(routerWanAddress)} is private, so the internet reaches the outer router first (often the provider's box). "
        + $"A port opened here is reachable only when the outer router forwards the same port to this router{Address(routerWanAddress)} too, "
        + "or when the outer router is put in bridge mode so that this router gets the public address.";

    private static string Address(IPAddress? address) => address is null ? "" : $" ({address})";
}
