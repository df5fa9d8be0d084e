using System.Net;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.HomeRouter;
using static PortFwd.Web.Reachability.ReachabilityMessages;

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
    public static string SharedAddressFix => ReachabilityMessages.SharedAddressFix.English;

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
        var sees = ReachabilityMessages.Optional(seen is null ? null : InternetSees.With(seen, By(seenBy)));
        var sharedAddressFix = ReachabilityMessages.SharedAddressFix.With();
        switch (info.Nat)
        {
            case NatKind.None when wan is not null && seen is not null && !seen.Equals(wan):
                return CheckStep.Fail(name, AnotherNat.With(wan, seen, By(seenBy)), sharedAddressFix);
            case NatKind.None when wan is not null:
                return CheckStep.Pass(name, seen is null ? RouterPublic.With(wan) : RouterPublicSeen.With(wan, By(seenBy)));
            case NatKind.DoubleNat:
                return CheckStep.Warn(name, ReachabilityMessages.DoubleNat.With(Value(wan), sees), DoubleNatFix.With(Value(wan)));
            case NatKind.CarrierGradeNat:
                return CheckStep.Fail(name, CarrierGradeNat.With(Value(wan), sees), sharedAddressFix);
        }

        if (routerState == RouterState.Found && wan is null)
        {
            return CheckStep.Fail(name, NoPublicAddress.With(sees), NoPublicAddressFix.With(sharedAddressFix));
        }

        if (seen is not null)
        {
            return CheckStep.Warn(name, SeenWithoutRouter.With(seen, By(seenBy)), SeenWithoutRouterFix.With());
        }

        return CheckStep.Skipped(name, PublicAddressUnknown.With(), PublicAddressUnknownFix.With());
    }

    /// <summary>Port forwarding on a home router is an IPv4 matter: an IPv6 view of this network says nothing about it.</summary>
    private static IPAddress? IPv4(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? address : null;

    private static object By(string? service) => ReachabilityMessages.Optional(service is null ? null : AskedService.With(service));

    /// <summary>An address that may be missing, written as an interpolated string writes it (nothing).</summary>
    private static object Value(IPAddress? address) => (object?)address ?? "";

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
