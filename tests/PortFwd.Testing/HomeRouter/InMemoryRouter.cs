using System.Net;
using PortFwd.Nat;

namespace PortFwd.Testing.HomeRouter;

/// <summary>
/// A home router in memory: a mapping table (safe to read while a keeper works on it), switches that make
/// calls fail, and a restart button. Leases end on the clock it is given.
/// </summary>
public sealed class InMemoryRouter(TimeProvider time) : INatDevice
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(PortProtocol, int), PortMapping> _table = [];
    private readonly List<MappingRequest> _creates = [];
    private long _restarts;

    /// <summary>While set, the router does not answer: its public address, adds and lookups fail with this error.</summary>
    public NatError? FailWith { get; set; }

    /// <summary>While set, only adds fail, with this error (the router refuses the mapping).</summary>
    public NatError? RefuseAddsWith { get; set; }

    /// <summary>The public address the router reports; null when it has none.</summary>
    public IPAddress? ExternalAddress { get; set; } = IPAddress.Parse("198.51.100.1");

    public RouterProtocol Protocol => RouterProtocol.Upnp;

    public string Name => "fake router";

    public string Details => "in memory";

    public IPAddress RouterAddress { get; } = IPAddress.Parse("192.168.1.1");

    /// <summary>The router's own page, as a UPnP description's presentationURL would give it; null when it tells none.</summary>
    public Uri? WebPage { get; set; }

    public IPAddress LocalAddress { get; } = IPAddress.Parse("192.168.1.10");

    public bool CanListRouterTable => true;

    public long RestartsDetected => Interlocked.Read(ref _restarts);

    /// <summary>Every add asked of the router, in order, failed ones too.</summary>
    public IReadOnlyList<MappingRequest> Creates
    {
        get
        {
            lock (_gate)
            {
                return [.. _creates];
            }
        }
    }

    /// <summary>The mappings the router holds now.</summary>
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

    /// <summary>The router restarts: every mapping is gone and it says so.</summary>
    public void Restart()
    {
        lock (_gate)
        {
            _table.Clear();
        }

        Interlocked.Increment(ref _restarts);
    }

    /// <summary>The router drops one mapping without telling anyone.</summary>
    public void Lose(PortProtocol protocol, int externalPort)
    {
        lock (_gate)
        {
            _table.Remove((protocol, externalPort));
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

    public Task<NatResult<IPAddress>> GetExternalIPAsync(CancellationToken cancellationToken = default)
    {
        if (FailWith is { } failure)
        {
            return Task.FromResult(NatResult<IPAddress>.Fail(failure));
        }

        return Task.FromResult(ExternalAddress is { } address
            ? NatResult<IPAddress>.Ok(address)
            : NatResult<IPAddress>.Fail(new NatError(NatErrorKind.NoExternalAddress, "no address")));
    }

    public Task<NatResult<RouterStatus>> GetStatusAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(NatResult<RouterStatus>.Ok(new RouterStatus(Protocol, Name, ExternalAddress, "Connected")));

    public Task<NatResult<PortMapping>> CreatePortMapAsync(MappingRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _creates.Add(request);
        }

        if ((FailWith ?? RefuseAddsWith) is { } failure)
        {
            return Task.FromResult(NatResult<PortMapping>.Fail(failure));
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
        Lose(protocol, externalPort);
        return Task.FromResult(NatResult.Ok);
    }

    public Task<NatResult<IReadOnlyList<PortMapping>>> GetAllMappingsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(NatResult<IReadOnlyList<PortMapping>>.Ok(Table));

    public Task<NatResult<PortMapping?>> GetSpecificMappingAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default)
    {
        if (FailWith is { } failure)
        {
            return Task.FromResult(NatResult<PortMapping?>.Fail(failure));
        }

        lock (_gate)
        {
            return Task.FromResult(NatResult<PortMapping?>.Ok(_table.GetValueOrDefault((protocol, externalPort))));
        }
    }

    public void Dispose()
    {
    }
}
