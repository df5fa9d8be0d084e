using System.Net;
using PortFwd.Core.Certificates;

namespace PortFwd.Core.Rules;

/// <summary>
/// What validation needs to know beyond the rule itself: ports no rule may listen on, the panel's own ports,
/// and what counts as this machine. Core does no I/O, so the caller gathers these (interfaces, DNS) first.
/// </summary>
/// <param name="ReservedPorts">TCP ports no rule may take as its external port.</param>
public sealed record RuleValidationContext(IReadOnlyCollection<ReservedPort> ReservedPorts)
{
    public static RuleValidationContext Empty { get; } = new([]);

    /// <summary>TCP ports the panel serves on; no rule may forward to one of them on this machine.</summary>
    public IReadOnlyCollection<int> PanelPorts { get; init; } = [];

    /// <summary>
    /// Addresses of this machine's interfaces. Loopback (127.0.0.0/8, ::1), 0.0.0.0 and :: count as this
    /// machine whether listed or not.
    /// </summary>
    public IReadOnlyCollection<IPAddress> MachineAddresses { get; init; } = [];

    /// <summary>
    /// The home router's LAN addresses (this machine's default gateways): a rule forwarding to its ports 80 or 443 would
    /// publish the router's own admin page (<see cref="RouterRisks"/>). Empty when unknown.
    /// </summary>
    public IReadOnlyCollection<IPAddress> RouterAddresses { get; init; } = [];

    /// <summary>
    /// What host names resolved to, keyed by the name as <see cref="RuleValidator.HostNameToResolve"/> gives it.
    /// A name missing here (not resolved, or not resolvable) is not taken to be this machine.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> HostAddresses { get; init; } =
        new Dictionary<string, IReadOnlyList<IPAddress>>();

    /// <summary>
    /// The stored certificates an uploaded-certificate rule may name, by id. A rule naming an id missing here is refused
    /// (the certificate was deleted or never existed). Null when the caller did not read them (checks while the user
    /// types): the id is then taken as given, and the store checks it when saving.
    /// </summary>
    public IReadOnlyDictionary<int, CertificateFacts>? Certificates { get; init; }

    /// <summary>The time an uploaded certificate must be valid at; null skips that check (checks while the user types).</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Whether a normalized internal host (an address or a host name) is this machine.</summary>
    public bool IsThisMachine(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return IsThisMachine(address);
        }

        return HostAddresses.TryGetValue(host, out var resolved) && resolved.Any(IsThisMachine);
    }

    /// <summary>Whether a normalized internal host is the home router (one of <see cref="RouterAddresses"/>, or a name resolving to one).</summary>
    public bool IsRouter(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (RouterAddresses.Count == 0)
        {
            return false;
        }

        var router = RouterAddresses.Select(Plain).ToHashSet();
        return IPAddress.TryParse(host, out var address)
            ? router.Contains(Plain(address))
            : HostAddresses.TryGetValue(host, out var resolved) && resolved.Any(a => router.Contains(Plain(a)));
    }

    /// <summary>Whether an address is one of this machine's, loopback, or "any address".</summary>
    public bool IsThisMachine(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = Plain(address);
        return IPAddress.IsLoopback(plain) || plain.Equals(IPAddress.Any) || plain.Equals(IPAddress.IPv6Any)
            || MachineAddresses.Any(own => Plain(own).Equals(plain));
    }

    /// <summary>Without an IPv6 scope (fe80::1%2 is fe80::1) and with ::ffff:a.b.c.d as a.b.c.d, so equal addresses compare equal.</summary>
    private static IPAddress Plain(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes())
        : address;
}
