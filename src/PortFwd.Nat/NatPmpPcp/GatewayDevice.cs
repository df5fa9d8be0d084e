using System.Collections.Concurrent;
using System.Net;

namespace PortFwd.Nat.NatPmpPcp;

/// <summary>What NAT-PMP and PCP devices share: the gateway endpoint, the epoch that tells router restarts,
/// and the table of mappings this client made (neither protocol can list the router's table).</summary>
internal abstract class GatewayDevice(IPEndPoint gateway, IPAddress localAddress, TimeSpan requestTimeout, TimeProvider time) : INatDevice
{
    /// <summary>What a "permanent" request gets: both protocols treat lifetime 0 as delete.</summary>
    private const uint PermanentLeaseSeconds = 7 * 24 * 3600;

    private readonly ConcurrentDictionary<(PortProtocol, int), LocalEntry> _table = new();
    private long _restartsAtLastStatus;

    protected EpochTracker Epochs { get; } = new(time);
    protected IPEndPoint Gateway => gateway;
    protected TimeSpan RequestTimeout => requestTimeout;
    protected TimeProvider Time => time;

    public abstract RouterProtocol Protocol { get; }
    public string Name => $"{Protocol.ToDisplayName()} server {gateway.Address}";
    public string Details => $"{Protocol.ToDisplayName()} at {gateway}";
    public IPAddress RouterAddress => gateway.Address;

    /// <summary>NAT-PMP and PCP have no way to tell a web page.</summary>
    public Uri? WebPage => null;
    public IPAddress LocalAddress => localAddress;
    public bool CanListRouterTable => false;
    public long RestartsDetected => Epochs.Restarts;

    public abstract Task<NatResult<IPAddress>> GetExternalIPAsync(CancellationToken cancellationToken = default);

    /// <summary>One MAP exchange; lifetime 0 deletes.</summary>
    private protected abstract Task<NatResult<GrantedMapping>> MapAsync(PortProtocol protocol, ushort internalPort,
        ushort suggestedExternalPort, uint lifetimeSeconds, byte[]? nonce, CancellationToken cancellationToken);

    /// <summary>Records the epoch of an answer; on a restart the router forgot every mapping, so the table is cleared.</summary>
    protected void ObserveEpoch(uint epoch)
    {
        if (Epochs.Observe(epoch))
        {
            _table.Clear();
        }
    }

    public async Task<NatResult<RouterStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var external = await GetExternalIPAsync(cancellationToken);
        if (!external.IsSuccess && external.Error.Kind is NatErrorKind.NoResponse or NatErrorKind.Transport)
        {
            return external.Error;
        }

        var restarts = Epochs.Restarts;
        var restarted = Interlocked.Exchange(ref _restartsAtLastStatus, restarts) != restarts;
        return NatResult<RouterStatus>.Ok(new RouterStatus(Protocol, Name, external.Value,
            external.IsSuccess ? "Connected" : "Disconnected")
        {
            ExternalAddressError = external.Error,
            Uptime = Epochs.LastEpoch is { } e ? TimeSpan.FromSeconds(e) : null,
            RestartDetected = restarted,
        });
    }

    public async Task<NatResult<PortMapping>> CreatePortMapAsync(MappingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate() is { } invalid)
        {
            return invalid with { Protocol = Protocol };
        }

        if (request.InternalClient is { } client && !client.Equals(localAddress))
        {
            return new NatError(NatErrorKind.NotAuthorized,
                $"{Protocol.ToDisplayName()} can only forward ports to this machine ({localAddress}), not to {client}; that needs a UPnP router.")
            { Protocol = Protocol };
        }

        var lifetime = request.Lease == TimeSpan.Zero ? PermanentLeaseSeconds : (uint)Math.Max(1, Math.Ceiling(request.Lease.TotalSeconds));
        var existing = Find(request.Protocol, request.InternalPort, request.ExternalPort);
        var granted = await MapAsync(request.Protocol, (ushort)request.InternalPort, (ushort)request.ExternalPort, lifetime,
            existing?.Nonce, cancellationToken);
        if (!granted.IsSuccess)
        {
            return granted.Error;
        }

        var g = granted.Value!;
        var mapping = new PortMapping(request.Protocol, g.ExternalPort, localAddress, request.InternalPort)
        {
            Description = request.Description,
            Lease = TimeSpan.FromSeconds(g.LifetimeSeconds),
            ExpiresAt = time.GetUtcNow().AddSeconds(g.LifetimeSeconds),
            ExternalAddress = g.ExternalAddress,
            FromLocalTable = true,
        };
        if (existing is not null && existing.Mapping.ExternalPort != g.ExternalPort)
        {
            _table.TryRemove((request.Protocol, existing.Mapping.ExternalPort), out _);
        }

        _table[(request.Protocol, g.ExternalPort)] = new LocalEntry(mapping, g.Nonce);
        return NatResult<PortMapping>.Ok(mapping);
    }

    public async Task<NatResult> DeletePortMapAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default)
    {
        // Both protocols delete by internal port (PCP also by nonce). A mapping not in this client's table (made
        // before a restart) is taken to map the same port number inside, as PortFwd's own mappings do.
        if (externalPort is < 1 or > 65535)
        {
            return new NatError(NatErrorKind.InvalidArguments, $"External port {externalPort} is not between 1 and 65535.") { Protocol = Protocol };
        }

        var internalPort = _table.TryGetValue((protocol, externalPort), out var entry) ? entry.Mapping.InternalPort : externalPort;
        var result = await MapAsync(protocol, (ushort)internalPort, (ushort)externalPort, 0, entry?.Nonce, cancellationToken);
        if (result.IsSuccess || result.Error.Kind == NatErrorKind.NoSuchEntry)
        {
            _table.TryRemove((protocol, externalPort), out _);
            return NatResult.Ok;
        }

        return result.Error;
    }

    public Task<NatResult<IReadOnlyList<PortMapping>>> GetAllMappingsAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<PortMapping> list = [.. _table.Values.Select(e => Remaining(e.Mapping, now)).OfType<PortMapping>()
            .OrderBy(m => m.ExternalPort).ThenBy(m => m.Protocol)];
        return Task.FromResult(NatResult<IReadOnlyList<PortMapping>>.Ok(list));
    }

    public Task<NatResult<PortMapping?>> GetSpecificMappingAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default)
    {
        var found = _table.TryGetValue((protocol, externalPort), out var e) ? Remaining(e.Mapping, time.GetUtcNow()) : null;
        return Task.FromResult(NatResult<PortMapping?>.Ok(found));
    }

    public void Dispose()
    {
        // Nothing held open: every exchange uses its own socket.
    }

    private LocalEntry? Find(PortProtocol protocol, int internalPort, int externalPort)
    {
        if (externalPort != 0 && _table.TryGetValue((protocol, externalPort), out var byExternal))
        {
            return byExternal;
        }

        return _table.Values.FirstOrDefault(e => e.Mapping.Protocol == protocol && e.Mapping.InternalPort == internalPort
            && (externalPort == 0 || e.Mapping.ExternalPort == externalPort));
    }

    private static PortMapping? Remaining(PortMapping m, DateTimeOffset now) =>
        m.ExpiresAt is { } end ? (end <= now ? null : m with { Lease = TimeSpan.FromSeconds(Math.Ceiling((end - now).TotalSeconds)) }) : m;

    private sealed record LocalEntry(PortMapping Mapping, byte[]? Nonce);
}

/// <summary>What the gateway granted for a MAP request.</summary>
internal sealed record GrantedMapping(int ExternalPort, uint LifetimeSeconds, IPAddress? ExternalAddress, byte[]? Nonce);
