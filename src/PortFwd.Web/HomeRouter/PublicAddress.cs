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

/// <summary>Who gave the public address.</summary>
public enum PublicAddressSource
{
    /// <summary>Nobody yet: no router answer with a public address, and no echo service asked or answering.</summary>
    None,

    /// <summary>The home router (UPnP IGD, PCP or NAT-PMP): its own WAN address is public.</summary>
    Router,

    /// <summary>A "what is my IP" service on the internet (<c>PortFwd:PublicAddress:EchoUrls</c>).</summary>
    Echo,
}

/// <summary>What a "what is my IP" service answered.</summary>
/// <param name="Address">The IPv4 address the service saw the request come from.</param>
/// <param name="Url">The service that answered.</param>
/// <param name="At">When it answered.</param>
public sealed record EchoAnswer(IPAddress Address, Uri Url, DateTimeOffset At);

/// <summary>This network's public address as far as the panel knows it.</summary>
/// <param name="Nat">What stands between the router and the internet.</param>
/// <param name="RouterWanAddress">The router's own (WAN) address, public or not.</param>
/// <param name="CheckedAt">When the router last told; null before it ever did.</param>
public sealed record PublicAddressInfo(NatKind Nat, IPAddress? RouterWanAddress, DateTimeOffset? CheckedAt)
{
    /// <summary>Why Dynamic DNS cannot make this network reachable behind carrier-grade NAT.</summary>
    public const string SharedAddressSentence =
        "The provider uses carrier-grade NAT: the public address is shared with other customers, so a Dynamic DNS name pointed at it cannot reach this network. Ask the provider for a public IPv4 address, or use IPv6.";

    public static PublicAddressInfo Unknown { get; } = new(NatKind.Unknown, null, null);

    /// <summary>What an echo service last answered; used only when the router cannot give the address.</summary>
    public EchoAnswer? Echo { get; init; }

    /// <summary>Who gave <see cref="Address"/>: the router when its own address is public, else an echo service.</summary>
    public PublicAddressSource Source => RouterGivesAddress ? PublicAddressSource.Router
        : Echo is not null ? PublicAddressSource.Echo
        : PublicAddressSource.None;

    /// <summary>The address the internet sees this network at; null when nobody has told yet.</summary>
    public IPAddress? Address => Source switch
    {
        PublicAddressSource.Router => RouterWanAddress,
        PublicAddressSource.Echo => Echo?.Address,
        _ => null,
    };

    /// <summary>When <see cref="Address"/> was last checked with its source.</summary>
    public DateTimeOffset? AddressCheckedAt => Source == PublicAddressSource.Echo ? Echo?.At : CheckedAt;

    /// <summary>True when the router's own address is public, so nothing needs to be asked on the internet.</summary>
    public bool RouterGivesAddress => Nat == NatKind.None && RouterWanAddress is not null;

    /// <summary>Why ports opened on the router cannot be reached from the internet, for people; null when they can.</summary>
    public string? Warning { get; init; }

    /// <summary>Why a Dynamic DNS name cannot help, for people; null when it can.</summary>
    public string? DynamicDnsProblem => Nat == NatKind.CarrierGradeNat ? SharedAddressSentence : null;

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
/// reaches this network (the router page, Dynamic DNS, reachability checks). It learns them from the router's status
/// and, when the router cannot give the address, from <see cref="PublicAddressChecker"/>'s echo services;
/// <see cref="Updates"/> is notified when they change.
/// </summary>
public sealed class PublicAddress(TimeProvider time)
{
    private readonly Lock _gate = new();
    private PublicAddressInfo _current = PublicAddressInfo.Unknown;

    public PublicAddressInfo Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Notified when the address, its source, the NAT kind or the warning changed (not on every check).</summary>
    public ChangeFeed Updates { get; } = new(time);

    /// <summary>Notified when what the router tells changed (its address or the NAT kind), so the checker asks again at once.</summary>
    internal ChangeFeed RouterUpdates { get; } = new(time);

    /// <summary>Notified when something that needs the address asks for a check now (a Dynamic DNS name was enabled).</summary>
    internal ChangeFeed CheckRequests { get; } = new(time);

    /// <summary>Asks <see cref="PublicAddressChecker"/> to check now instead of at its next interval.</summary>
    public void RequestCheck() => CheckRequests.Notify();

    public PublicAddressInfo LearnFromRouter(RouterStatus status) =>
        Set(current => PublicAddressInfo.FromRouter(status, time.GetUtcNow()) with { Echo = current.Echo });

    /// <summary>No router to ask any more: the address is unknown until one answers again (an echo answer stays).</summary>
    public void Forget() => Set(current => PublicAddressInfo.Unknown with { CheckedAt = time.GetUtcNow(), Echo = current.Echo });

    /// <summary>An echo service answered.</summary>
    public PublicAddressInfo LearnFromEcho(EchoAnswer answer) => Set(current => current with { Echo = answer });

    private PublicAddressInfo Set(Func<PublicAddressInfo, PublicAddressInfo> change)
    {
        PublicAddressInfo old, next;
        lock (_gate)
        {
            old = _current;
            next = change(old);
            _current = next;
        }

        var routerChanged = old.Nat != next.Nat || !Equals(old.RouterWanAddress, next.RouterWanAddress);
        if (routerChanged)
        {
            RouterUpdates.Notify();
        }

        if (routerChanged || old.Warning != next.Warning || old.Source != next.Source || !Equals(old.Address, next.Address))
        {
            Updates.Notify();
        }

        return next;
    }
}
