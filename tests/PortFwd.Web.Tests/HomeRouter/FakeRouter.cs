using System.Net;
using PortFwd.Nat;

namespace PortFwd.Web.Tests.HomeRouter;

/// <summary>A home router in memory: a mapping table (safe to read while a keeper works on it) and a switch that makes adds fail.</summary>
internal sealed class FakeRouter(TimeProvider time) : INatDevice
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(PortProtocol, int), PortMapping> _table = [];

    public NatError? RefuseAddsWith { get; set; }

    public IPAddress? ExternalAddress { get; set; } = IPAddress.Parse("198.51.100.1");

    public RouterProtocol Protocol => RouterProtocol.Upnp;

    public string Name => "fake router";

    public string Details => "in memory";

    public IPAddress RouterAddress { get; } = IPAddress.Parse("192.168.1.1");

    public IPAddress LocalAddress { get; } = IPAddress.Parse("192.168.1.10");

    public bool CanListRouterTable => true;

    public long RestartsDetected => 0;

    public IReadOnlyList<PortMapping> Table
    {
        get
        {
            lock (_gate)
            {
                return [.. _table.Values];
            }
        }
    }

    /// <summary>A mapping someone else made (the router's own page, a game console).</summary>
    public void AddOthers(PortMapping mapping)
    {
        lock (_gate)
        {
            _table[(mapping.Protocol, mapping.ExternalPort)] = mapping;
        }
    }

    public Task<NatResult<IPAddress>> GetExternalIPAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(ExternalAddress is { } a ? NatResult<IPAddress>.Ok(a) : NatResult<IPAddress>.Fail(new NatError(NatErrorKind.NoExternalAddress, "no address")));

    public Task<NatResult<RouterStatus>> GetStatusAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(NatResult<RouterStatus>.Ok(new RouterStatus(Protocol, Name, ExternalAddress, "Connected")));

    public Task<NatResult<PortMapping>> CreatePortMapAsync(MappingRequest request, CancellationToken cancellationToken = default)
    {
        if (RefuseAddsWith is { } refused)
        {
            return Task.FromResult(NatResult<PortMapping>.Fail(refused));
        }

        var mapping = new PortMapping(request.Protocol, request.ExternalPort, request.InternalClient ?? LocalAddress, request.InternalPort)
        {
            Description = request.Description,
            Lease = request.Lease,
            ExpiresAt = request.Lease == TimeSpan.Zero ? null : time.GetUtcNow() + request.Lease,
        };
        AddOthers(mapping);
        return Task.FromResult(NatResult<PortMapping>.Ok(mapping));
    }

    public Task<NatResult> DeletePortMapAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _table.Remove((protocol, externalPort));
        }

        return Task.FromResult(NatResult.Ok);
    }

    public Task<NatResult<IReadOnlyList<PortMapping>>> GetAllMappingsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(NatResult<IReadOnlyList<PortMapping>>.Ok(Table));

    public Task<NatResult<PortMapping?>> GetSpecificMappingAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default) =>
        Task.FromResult(NatResult<PortMapping?>.Ok(Table.FirstOrDefault(m => m.Protocol == protocol && m.ExternalPort == externalPort)));

    public void Dispose()
    {
    }
}
