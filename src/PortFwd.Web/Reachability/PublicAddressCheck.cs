using System.Net;
using Microsoft.Extensions.Options;
using PortFwd.Web.HomeRouter;

namespace PortFwd.Web.Reachability;

/// <summary>
/// Step 4: nothing stands between the router and the internet. Compares the router's own (WAN) address with the address
/// the internet sees this network at (the probe's view, else an echo service's), and explains double NAT and
/// carrier-grade NAT with what to do about them.
/// </summary>
public sealed class PublicAddressCheck(PublicAddress publicAddress, RouterStatusBoard router, AddressEcho echo,
    IOptionsMonitor<PublicAddressOptions> options, TimeProvider time) : IReachabilityStep
{
    /// <summary>What to do behind carrier-grade NAT.</summary>
    public const string SharedAddressFix =
        "Ask the provider for a public IPv4 address (some call it opting out of carrier-grade NAT, some sell it as a static IP), or reach this machine over IPv6.";

    public CheckStepName Name => CheckStepName.PublicAddress;

    public TimeSpan Limit { get; } = TimeSpan.FromSeconds(4);

    public async Task<IReadOnlyList<CheckStep>> RunAsync(CheckContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (seen, seenBy) = await SeenFromInternetAsync(context, ct);
        var info = publicAddress.Current;
        context.PublicAddress = info.RouterGivesAddress ? info.RouterWanAddress : seen ?? info.Address;
        return [Describe(info, router.Snapshot.State, seen, seenBy)];
    }

    /// <summary>The router's address against the internet's view of this network.</summary>
    /// <param name="info">What the router (and the echo services) told.</param>
    /// <param name="routerState">Whether a router answers at all.</param>
    /// <param name="seen">The address an outside service saw this network at; null when none was asked.</param>
    /// <param name="seenBy">Which service saw it, for the sentence.</param>
    public static CheckStep Describe(PublicAddressInfo info, RouterState routerState, IPAddress? seen, string? seenBy)
    {
        ArgumentNullException.ThrowIfNull(info);
        const CheckStepName name = CheckStepName.PublicAddress;
        var wan = info.RouterWanAddress;
        var sees = seen is null ? "" : $" The internet sees this network at {seen}{By(seenBy)}.";
        switch (info.Nat)
        {
            case NatKind.None when wan is not null && seen is not null && !seen.Equals(wan):
                return CheckStep.Fail(name,
                    $"The router's address is {wan}, but the internet sees this network at {seen}{By(seenBy)}: another NAT sits between the router and the internet, most likely the provider's carrier-grade NAT.",
                    SharedAddressFix);
            case NatKind.None when wan is not null:
                return CheckStep.Pass(name, seen is null
                    ? $"The router's address {wan} is public, so nothing else stands in front of it."
                    : $"The router's address {wan} is public, and it is the address the internet sees{By(seenBy)}.");
            case NatKind.DoubleNat:
                return CheckStep.Warn(name,
                    $"The router's own address {wan} is private: another router sits in front of it (double NAT), often the provider's box.{sees}",
                    $"Put the provider's box in bridge (or modem-only) mode, or forward the same port on it too, to {wan}. Then check again.");
            case NatKind.CarrierGradeNat:
                return CheckStep.Fail(name,
                    $"The router's address {wan} is in 100.64.0.0/10: the provider uses carrier-grade NAT and shares one public address among many customers, so a port forwarded on the router cannot be reached from the internet over IPv4.{sees}",
                    SharedAddressFix);
        }

        if (routerState == RouterState.Found && wan is null)
        {
            return CheckStep.Fail(name,
                $"The router has no public IPv4 address of its own: it sits behind the provider's carrier-grade NAT (or a second router), so a port forwarded on it cannot be reached from the internet over IPv4.{sees}",
                SharedAddressFix + " If a second router of yours sits in front, forward the port on it too or put it in bridge mode.");
        }

        if (seen is not null)
        {
            return CheckStep.Warn(name,
                $"The internet sees this network at {seen}{By(seenBy)}. No router tells its own address, so PortFwd cannot tell whether another NAT (double or carrier-grade) sits in front.",
                "Let PortFwd talk to the router (UPnP, NAT-PMP or PCP on the router, PortFwd:Router:Enabled here) to have this checked.");
        }

        return CheckStep.Skipped(name,
            "The public address is not known: no router tells it, and no outside service was asked (the probe and the echo services are off or did not answer).",
            "Let PortFwd talk to the router (UPnP, NAT-PMP or PCP), or set PortFwd:Reachability:ProbeUrl or PortFwd:PublicAddress:EchoUrls.");
    }

    /// <summary>Port forwarding on a home router is an IPv4 matter: an IPv6 view of this network says nothing about it.</summary>
    private static IPAddress? IPv4(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? address : null;

    private static string By(string? service) => service is null ? "" : $" (asked {service})";

    /// <summary>The probe's view when it answered; else a recent echo answer; else a new one when echo services are set.</summary>
    private async Task<(IPAddress? Seen, string? By)> SeenFromInternetAsync(CheckContext context, CancellationToken ct)
    {
        if (context.Probe is { } probe && await probe.WaitAsync(ct) is { IsSuccess: true, Value: { SeenAddress: { } probeSaw } answer })
        {
            return (IPv4(probeSaw), answer.Url.Host);
        }

        var last = publicAddress.Current.Echo;
        if (last is not null && time.GetUtcNow() - last.At < TimeSpan.FromSeconds(options.CurrentValue.CheckSeconds))
        {
            return (last.Address, last.Url.Host);
        }

        if (options.CurrentValue.ParsedEchoUrls.Count == 0)
        {
            return (null, null);
        }

        var asked = await echo.AskAsync(ct);
        if (!asked.IsSuccess)
        {
            return (null, null);
        }

        publicAddress.LearnFromEcho(asked.Value);
        return (asked.Value.Address, asked.Value.Url.Host);
    }
}
