using System.Net;
using PortFwd.Nat;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.HomeRouter;

/// <summary>What stands between the home router and the internet.</summary>
public enum NatKind
{
    /// <summary>Nothing: the router's own address is public, so ports opened on it can be reached.</summary>
    None,

    /// <summary>The router's address is private: another router sits in front of it.</summary>
    DoubleNat,

    /// <summary>The router's address is in 100.64.0.0/10: the provider's carrier-grade NAT.</summary>
    CarrierGradeNat,

    /// <summary>Not known: no router, no address from it, or an address the internet cannot reach.</summary>
    Unknown,
}

/// <summary>This network's public address as far as the panel knows it.</summary>
/// <param name="Nat">What stands between the router and the internet.</param>
/// <param name="RouterWanAddress">The router's own (WAN) address, public or not.</param>
/// <param name="CheckedAt">When the router last told; null before it ever did.</param>
public sealed record PublicAddressInfo(NatKind Nat, IPAddress? RouterWanAddress, DateTimeOffset? CheckedAt)
{
    public static PublicAddressInfo Unknown { get; } = new(NatKind.Unknown, null, null);

    /// <summary>The address the internet reaches this network at, when the router's own address is it.</summary>
    public IPAddress? Address => Nat == NatKind.None ? RouterWanAddress : null;

    /// <summary>Why ports opened on the router cannot be reached from the internet, for people; null when they can.</summary>
    public string? Warning { get; init; }

    /// <summary>What the router's status says about the public address.</summary>
    public static PublicAddressInfo FromRouter(RouterStatus status, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new PublicAddressInfo(KindOf(status.AddressKind), status.ExternalAddress, at)
        {
            Warning = status.ExternalAddress.DescribeProblem() ?? status.ExternalAddressError?.Message,
        };
    }

    public static NatKind KindOf(ExternalAddressKind kind) => kind switch
    {
        // Documentation addresses are what test networks use for "the internet".
        ExternalAddressKind.Public or ExternalAddressKind.Documentation => NatKind.None,
        ExternalAddressKind.Private => NatKind.DoubleNat,
        ExternalAddressKind.CarrierGradeNat => NatKind.CarrierGradeNat,
        _ => NatKind.Unknown,
    };
}

/// <summary>
/// The public address and the NAT in front of the router, for every feature that needs to know how the internet
/// reaches this network (the router page today; Dynamic DNS and reachability checks next). It learns them from the
/// router's status; <see cref="Updates"/> is notified when they change.
/// </summary>
public sealed class PublicAddress(TimeProvider time)
{
    private volatile PublicAddressInfo _current = PublicAddressInfo.Unknown;

    public PublicAddressInfo Current => _current;

    /// <summary>Notified when the address, the NAT kind or the warning changed (not on every check).</summary>
    public ChangeFeed Updates { get; } = new(time);

    public PublicAddressInfo LearnFromRouter(RouterStatus status) => Set(PublicAddressInfo.FromRouter(status, time.GetUtcNow()));

    /// <summary>No router to ask any more: the address is unknown until one answers again.</summary>
    public void Forget() => Set(PublicAddressInfo.Unknown with { CheckedAt = time.GetUtcNow() });

    private PublicAddressInfo Set(PublicAddressInfo next)
    {
        var old = _current;
        _current = next;
        if (old.Nat != next.Nat || !Equals(old.RouterWanAddress, next.RouterWanAddress) || old.Warning != next.Warning)
        {
            Updates.Notify();
        }

        return next;
    }
}
