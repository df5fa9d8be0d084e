using System.Net;

namespace PortFwd.Nat;

/// <summary>A router found by <see cref="NatDiscoverer"/>, whatever protocol it speaks.
/// Every call has its own timeout (4 s by default) and returns errors as values.</summary>
public interface INatDevice : IDisposable
{
    /// <summary>UPnP, PCP or NAT-PMP.</summary>
    RouterProtocol Protocol { get; }

    /// <summary>A name for people: the UPnP friendly name, or "PCP server 192.168.1.1".</summary>
    string Name { get; }

    /// <summary>More detail: UPnP service type (which tells IGD v1 or v2) or the gateway endpoint.</summary>
    string Details { get; }

    /// <summary>The address of the router on the LAN.</summary>
    IPAddress RouterAddress { get; }

    /// <summary>The router's own configuration page, when the router tells it (UPnP presentationURL); null otherwise.</summary>
    Uri? WebPage { get; }

    /// <summary>This machine's LAN address: where requests come from and what mappings point to by default.</summary>
    IPAddress LocalAddress { get; }

    /// <summary>False for NAT-PMP and PCP: they cannot list the router's table, so listing returns the mappings
    /// this client made (see <see cref="PortMapping.FromLocalTable"/>).</summary>
    bool CanListRouterTable { get; }

    /// <summary>How many router restarts (lost mapping state) have been detected so far, from the PCP/NAT-PMP
    /// epoch or the UPnP uptime. A lease keeper compares it to re-add mappings.</summary>
    long RestartsDetected { get; }

    /// <summary>The router's public address. An empty answer is an error of kind
    /// <see cref="NatErrorKind.NoExternalAddress"/> (carrier-grade NAT).</summary>
    Task<NatResult<IPAddress>> GetExternalIPAsync(CancellationToken cancellationToken = default);

    /// <summary>External address, connection state, uptime and restart detection in one call.
    /// Fails only when the router does not answer at all.</summary>
    Task<NatResult<RouterStatus>> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds the mapping, or renews it when this client already holds it. On UPnP a 725 answer is
    /// retried with a permanent lease; a 718 answer says which LAN host holds the port when the router tells.</summary>
    Task<NatResult<PortMapping>> CreatePortMapAsync(MappingRequest request, CancellationToken cancellationToken = default);

    /// <summary>Removes a mapping. Removing one that does not exist succeeds. NAT-PMP and PCP delete by internal
    /// port (and PCP by nonce): for a mapping this client did not make since it started, the internal port is taken
    /// to equal the external one, and PCP needs <see cref="NatDiscoveryOptions.PcpNonceSeed"/> to prove it is ours.</summary>
    Task<NatResult> DeletePortMapAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default);

    /// <summary>Every mapping on the router (UPnP), or every mapping this client made (NAT-PMP, PCP).</summary>
    Task<NatResult<IReadOnlyList<PortMapping>>> GetAllMappingsAsync(CancellationToken cancellationToken = default);

    /// <summary>The mapping for this external port, or a null value when there is none.</summary>
    Task<NatResult<PortMapping?>> GetSpecificMappingAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default);
}

/// <summary>What the router says about itself.</summary>
/// <param name="Protocol">How we talk to it.</param>
/// <param name="Name">Its name for people.</param>
/// <param name="ExternalAddress">Its public address, null when it has none.</param>
/// <param name="ConnectionStatus">"Connected", "Disconnected", ... as UPnP reports it; for NAT-PMP and PCP "Connected" when the
/// router has a public address, else "Disconnected" (the reason is in <see cref="ExternalAddressError"/>).</param>
public sealed record RouterStatus(RouterProtocol Protocol, string Name, IPAddress? ExternalAddress, string ConnectionStatus)
{
    /// <summary>Public, documentation, private (double NAT), CGNAT, none.</summary>
    public ExternalAddressKind AddressKind => ExternalAddress.Classify();

    /// <summary>A plain-language warning when mapped ports cannot be reached from the internet, else null.</summary>
    public string? Warning => ExternalAddress.DescribeProblem();

    /// <summary>Why the external address is missing, when the router said.</summary>
    public NatError? ExternalAddressError { get; init; }

    /// <summary>Router uptime (UPnP) or seconds since its epoch began (NAT-PMP, PCP), when known.</summary>
    public TimeSpan? Uptime { get; init; }

    /// <summary>True when a router restart (its mapping state is gone) was detected since the previous status call.</summary>
    public bool RestartDetected { get; init; }
}
