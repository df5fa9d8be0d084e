using System.Net;
using Microsoft.Extensions.Localization;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Resources;

namespace PortFwd.Web.Components.HomeRouter;

/// <summary>What the router page and the Status page say about the NAT in front of the router, in the panel's language.</summary>
public static class NatKindText
{
    /// <summary>The label the kind is shown under.</summary>
    public static string Label(IStringLocalizer<Ui> text) => text["Nat.Label"];

    /// <summary>The kind in words, with what it means for the user.</summary>
    public static string Describe(NatKind kind, IStringLocalizer<Ui> text) => kind switch
    {
        NatKind.None => text["Nat.Kind.None"],
        NatKind.DoubleNat => text["Nat.Kind.DoubleNat"],
        NatKind.CarrierGradeNat => text["Nat.Kind.CarrierGradeNat"],
        _ => text["Nat.Kind.Unknown"],
    };

    /// <summary>True when <see cref="NatBanner"/> explains the kind, so the router's own warning would say it twice.</summary>
    public static bool HasBanner(NatKind kind) => kind is NatKind.CarrierGradeNat or NatKind.DoubleNat;

    /// <summary>The carrier-grade NAT banner's first sentence: what cannot work.</summary>
    public static string CarrierGradeNatTitle(IStringLocalizer<Ui> text) => text["Nat.Cgnat.Title"];

    /// <summary>Why, and what to do.</summary>
    public static string CarrierGradeNatDetail(IPAddress? routerWanAddress, IStringLocalizer<Ui> text) => text["Nat.Cgnat.Detail", Address(routerWanAddress)];

    /// <summary>The double-NAT banner's first sentence: what is needed.</summary>
    public static string DoubleNatTitle(IStringLocalizer<Ui> text) => text["Nat.Double.Title"];

    /// <summary>Why, and what to do.</summary>
    public static string DoubleNatDetail(IPAddress? routerWanAddress, IStringLocalizer<Ui> text) => text["Nat.Double.Detail", Address(routerWanAddress)];

    private static string Address(IPAddress? address) => address is null ? "" : $" ({address})";
}
