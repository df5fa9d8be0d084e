using System.Net;

namespace PortFwd.Nat.Tests.Leases;

/// <summary>A router in memory: a mapping table, a switch to make calls fail, a restart button.</summary>
internal sealed class FakeDevice(TimeProvider time) : INatDevice
{
    private readonly Dictionary<(PortProtocol, int), PortMapping> _table = [];

    public List<MappingRequest> Creates { get; } = [];
    public NatError? FailWith { get; set; }
    public long Restarts { get; set; }

    public RouterProtocol Protocol => RouterProtocol.Pcp;
    public string Name => "fake router";
    public string Details => "in memory";
    public IPAddress RouterAddress { get; } = IPAddress.Parse("192.0.2.1");
    public IPAddress LocalAddress { get; } = IPAddress.Parse("192.0.2.10");
    public bool CanListRouterTable => true;
    public long RestartsDetected => Restarts;

    public void Restart()
    {
        _table.Clear();
        Restarts++;
    }

    public void Lose(PortProtocol protocol, int externalPort) => _table.Remove((protocol, externalPort));

    public Task<NatResult<IPAddress>> GetExternalIPAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(FailWith is { } e ? NatResult<IPAddress>.Fail(e) : NatResult<IPAddress>.Ok(IPAddress.Parse("198.51.100.1")));

    public Task<NatResult<RouterStatus>> GetStatusAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(NatResult<RouterStatus>.Ok(new RouterStatus(Protocol, Name, IPAddress.Parse("198.51.100.1"), "Connected")));

    public Task<NatResult<PortMapping>> CreatePortMapAsync(MappingRequest request, CancellationToken cancellationToken = default)
    {
        Creates.Add(request);
        if (FailWith is { } e)
        {
            return Task.FromResult(NatResult<PortMapping>.Fail(e));
        }

        var m = new PortMapping(request.Protocol, request.ExternalPort, request.InternalClient ?? LocalAddress, request.InternalPort)
        {
            Description = request.Description,
            Lease = request.Lease,
            ExpiresAt = request.Lease == TimeSpan.Zero ? null : time.GetUtcNow() + request.Lease,
        };
        _table[(request.Protocol, request.ExternalPort)] = m;
        return Task.FromResult(NatResult<PortMapping>.Ok(m));
    }

    public Task<NatResult> DeletePortMapAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default)
    {
        _table.Remove((protocol, externalPort));
        return Task.FromResult(NatResult.Ok);
    }

    public Task<NatResult<IReadOnlyList<PortMapping>>> GetAllMappingsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(NatResult<IReadOnlyList<PortMapping>>.Ok([.. _table.Values]));

    public Task<NatResult<PortMapping?>> GetSpecificMappingAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default) =>
        Task.FromResult(FailWith is { } e ? NatResult<PortMapping?>.Fail(e) : NatResult<PortMapping?>.Ok(_table.GetValueOrDefault((protocol, externalPort))));

    public void Dispose()
    {
    }
}
