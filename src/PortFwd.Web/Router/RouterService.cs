using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Router;

/// <summary>
/// Finds the home router (UPnP IGD, then PCP, then NAT-PMP), keeps a port mapping for every enabled
/// rule marked "Open on router" (renewed at half-life, re-added after a router restart or when it
/// vanishes), removes the mappings of rules turned off or deleted, and reports the outcome per rule.
/// Sends nothing when <c>PortFwd:Router:Enabled</c> is false.
/// </summary>
public sealed partial class RouterService(
    IOptions<PortFwdOptions> options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<RouterService> logger) : BackgroundService
{
    /// <summary>Mappings PortFwd makes carry this description prefix, so the router page can tell them apart.</summary>
    public const string DescriptionPrefix = "PortFwd: ";

    private const int FailuresBeforeRediscovery = 3;
    private readonly WakeSignal _wake = new();
    private readonly ConcurrentDictionary<int, RouterRuleStatus> _ruleStatuses = new();
    private volatile IReadOnlyList<ForwardingRule> _rules = [];
    private volatile RouterSnapshot _snapshot = new(RouterState.Searching, "Looking for the router…");
    private volatile PortMappingKeeper? _keeper;
    private Dictionary<(PortProtocol Protocol, int Port), (int RuleId, MappingRequest Request)> _desired = [];
    private int _statusFailures;
    private bool _rediscover;

    public RouterSnapshot Snapshot => _snapshot;

    /// <summary>The router found, when there is one.</summary>
    public INatDevice? Device => _keeper?.Device;

    /// <summary>Raised when the router or a rule's mapping changed.</summary>
    public event Action? Changed;

    public RouterRuleStatus? StatusFor(int ruleId) => _ruleStatuses.GetValueOrDefault(ruleId);

    /// <summary>The saved rules changed: bring the router's mappings in line soon.</summary>
    public void Sync(IReadOnlyList<ForwardingRule> rules)
    {
        _rules = rules;
        Wake();
    }

    /// <summary>Forget the router and search again (the "Search again" button).</summary>
    public void Rediscover()
    {
        _rediscover = true;
        Wake();
    }

    /// <summary>Whether a mapping on the router is one of ours.</summary>
    public bool IsOurs(PortMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var device = Device;
        return mapping.Description.StartsWith(DescriptionPrefix, StringComparison.Ordinal)
            && (device is null || mapping.InternalClient.Equals(device.LocalAddress));
    }

    /// <summary>The router and every mapping it holds, read from the router now.</summary>
    public async Task<RouterReport> ReportAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (_keeper is not { } keeper)
        {
            return RouterReport.From(snapshot, [], null);
        }

        var list = await keeper.Device.GetAllMappingsAsync(ct);
        if (!list.IsSuccess)
        {
            return RouterReport.From(snapshot, [], list.Error.Message);
        }

        var desired = _desired;
        var views = list.Value!
            .OrderBy(m => m.ExternalPort).ThenBy(m => m.Protocol)
            .Select(m =>
            {
                var ours = IsOurs(m);
                int? ruleId = ours && desired.TryGetValue((m.Protocol, m.ExternalPort), out var d) ? d.RuleId : null;
                return new RouterMappingView(m.Protocol.ToWireName().ToLowerInvariant(), m.ExternalPort, m.InternalClient.ToString(),
                    m.InternalPort, m.Description, ours, ruleId, m.ExpiresAt, m.Enabled, string.IsNullOrEmpty(m.RemoteHost) ? null : m.RemoteHost);
            })
            .ToList();
        return RouterReport.From(snapshot, views, null);
    }

    /// <summary>Deletes one of PortFwd's mappings from the router. Returns why not, or null when done.</summary>
    public async Task<string?> DeleteOurMappingAsync(PortProtocol protocol, int externalPort, CancellationToken ct)
    {
        if (_keeper is not { } keeper)
        {
            return "No router is connected.";
        }

        var found = await keeper.Device.GetSpecificMappingAsync(protocol, externalPort, ct);
        if (!found.IsSuccess)
        {
            return found.Error.Message;
        }

        if (found.Value is not { } mapping || !IsOurs(mapping))
        {
            return "Only mappings PortFwd made can be deleted here; the router's own page manages the others.";
        }

        var deleted = await keeper.RemoveAsync(protocol, externalPort, ct);
        UpdateRuleStatuses();
        // A rule that still wants the port opens it again on the next resync.
        Wake();
        return deleted.IsSuccess ? null : deleted.Error.Message;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Router;
        if (!settings.Enabled)
        {
            SetSnapshot(new RouterSnapshot(RouterState.Off, "The router client is switched off (PortFwd:Router:Enabled is false); rules marked \"Open on router\" are not opened there.") { CheckedAt = time.GetUtcNow() });
            return;
        }

        var resync = TimeSpan.FromSeconds(settings.ResyncSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_rediscover && _keeper is { } old)
                {
                    _rediscover = false;
                    await DropDeviceAsync(old);
                }

                if (_keeper is null)
                {
                    await DiscoverAsync(settings, resync, stoppingToken);
                }

                if (_keeper is { } keeper)
                {
                    await RefreshStatusAsync(keeper, stoppingToken);
                    await ApplyMappingsAsync(keeper, settings, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex);
            }

            UpdateRuleStatuses();
            try
            {
                await _wake.WaitAsync(resync, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_keeper is not { } keeper)
        {
            return;
        }

        // Close what we opened; a restart opens it again. Bounded, so a silent router cannot hold up shutdown.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await keeper.StopAsync();
            foreach (var kept in keeper.Mappings)
            {
                await keeper.RemoveAsync(kept.Request.Protocol, kept.Request.ExternalPort, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await keeper.DisposeAsync();
            keeper.Device.Dispose();
        }
    }

    private async Task DiscoverAsync(RouterOptions settings, TimeSpan resync, CancellationToken ct)
    {
        SetSnapshot(new RouterSnapshot(RouterState.Searching, "Looking for the router…") { CheckedAt = time.GetUtcNow() });
        var local = settings.ParsedLocalAddress;
        var gateway = settings.ParsedGateway;

        if (local is null || gateway is null)
        {
            var (lanLocal, lanGateway) = LanDefaults.Find();
            local ??= lanLocal;
            gateway ??= lanGateway is null ? null : new IPEndPoint(lanGateway, 5351);
        }

        var discovery = new NatDiscoveryOptions
        {
            LocalAddress = local,
            DescriptionUrl = settings.ParsedDescriptionUrl,
            Gateway = gateway?.Address,
            GatewayPort = gateway?.Port ?? 5351,
        };
        var found = await new NatDiscoverer(time, loggerFactory.CreateLogger<NatDiscoverer>()).DiscoverDeviceAsync(discovery, ct);
        if (!found.IsSuccess)
        {
            SetSnapshot(new RouterSnapshot(RouterState.NotFound, found.Error.Message) { CheckedAt = time.GetUtcNow(), LocalAddress = local });
            return;
        }

        var device = found.Value!;
        var keeper = new PortMappingKeeper(device, new PortMappingKeeperOptions { ResyncInterval = resync }, time,
            loggerFactory.CreateLogger<PortMappingKeeper>());
        keeper.LeaseChanged += OnLeaseChanged;
        keeper.Start();
        _keeper = keeper;
        _desired = [];
        _statusFailures = 0;
        LogFound(logger, device.Protocol.ToDisplayName(), device.Name, device.RouterAddress.ToString());
        SetSnapshot(new RouterSnapshot(RouterState.Found, $"Found {device.Name} ({device.Protocol.ToDisplayName()}).")
        {
            Protocol = device.Protocol,
            Name = device.Name,
            RouterAddress = device.RouterAddress,
            LocalAddress = device.LocalAddress,
            CheckedAt = time.GetUtcNow(),
        });
    }

    private async Task RefreshStatusAsync(PortMappingKeeper keeper, CancellationToken ct)
    {
        var device = keeper.Device;
        var status = await device.GetStatusAsync(ct);
        if (!status.IsSuccess)
        {
            if (++_statusFailures >= FailuresBeforeRediscovery)
            {
                await DropDeviceAsync(keeper);
                SetSnapshot(new RouterSnapshot(RouterState.NotFound, "The router stopped answering: " + status.Error.Message) { CheckedAt = time.GetUtcNow() });
                return;
            }

            SetSnapshot(_snapshot with { Message = "The router did not answer the last check: " + status.Error.Message, CheckedAt = time.GetUtcNow() });
            return;
        }

        _statusFailures = 0;
        var s = status.Value!;
        SetSnapshot(new RouterSnapshot(RouterState.Found, $"Found {s.Name} ({s.Protocol.ToDisplayName()}).")
        {
            Protocol = s.Protocol,
            Name = s.Name,
            RouterAddress = device.RouterAddress,
            LocalAddress = device.LocalAddress,
            ExternalAddress = s.ExternalAddress,
            ConnectionStatus = s.ConnectionStatus,
            Warning = s.Warning ?? s.ExternalAddressError?.Message,
            CheckedAt = time.GetUtcNow(),
        });
    }

    private async Task ApplyMappingsAsync(PortMappingKeeper keeper, RouterOptions settings, CancellationToken ct)
    {
        if (_keeper != keeper)
        {
            return;
        }

        var lease = TimeSpan.FromSeconds(settings.LeaseSeconds);
        var desired = new Dictionary<(PortProtocol Protocol, int Port), (int RuleId, MappingRequest Request)>();
        foreach (var rule in _rules.Where(r => r.Enabled && r.OpenOnRouter))
        {
            for (var port = rule.ExternalPorts.Start; port <= rule.ExternalPorts.End; port++)
            {
                foreach (var protocol in Protocols(rule.Protocol))
                {
                    // The router sends the port to this machine, where the relay (or YARP) listens on the same port.
                    desired[(protocol, port)] = (rule.Id, new MappingRequest(protocol, port, port)
                    {
                        Description = DescriptionPrefix + rule.Name,
                        Lease = lease,
                        InternalClient = keeper.Device.LocalAddress,
                    });
                }
            }
        }

        var kept = keeper.Mappings.ToDictionary(k => (k.Request.Protocol, k.Request.ExternalPort));
        foreach (var key in kept.Keys.Where(k => !desired.ContainsKey(k)).ToList())
        {
            await keeper.RemoveAsync(key.Protocol, key.ExternalPort, ct);
        }

        foreach (var (key, want) in desired)
        {
            if (!kept.TryGetValue(key, out var current) || current.Request != want.Request)
            {
                await keeper.AddAsync(want.Request, ct);
            }
        }

        _desired = desired;
    }

    private static IEnumerable<PortProtocol> Protocols(Protocol protocol)
    {
        if (protocol.UsesTcp())
        {
            yield return PortProtocol.Tcp;
        }

        if (protocol.UsesUdp())
        {
            yield return PortProtocol.Udp;
        }
    }

    private void OnLeaseChanged(object? sender, LeaseEventArgs e)
    {
        LogLease(logger, e.ToString());
        UpdateRuleStatuses();
    }

    private void UpdateRuleStatuses()
    {
        var snapshot = _snapshot;
        var keeper = _keeper;
        var kept = keeper?.Mappings.ToDictionary(k => (k.Request.Protocol, k.Request.ExternalPort)) ?? [];
        var wanted = _rules.Where(r => r.Enabled && r.OpenOnRouter).ToList();
        foreach (var rule in wanted)
        {
            _ruleStatuses[rule.Id] = StatusOf(rule, snapshot, kept);
        }

        foreach (var id in _ruleStatuses.Keys.Except(wanted.Select(r => r.Id)).ToList())
        {
            _ruleStatuses.TryRemove(id, out _);
        }

        Changed?.Invoke();
    }

    private RouterRuleStatus StatusOf(ForwardingRule rule, RouterSnapshot snapshot, Dictionary<(PortProtocol, int), KeptMapping> kept)
    {
        if (snapshot.State != RouterState.Found)
        {
            return new RouterRuleStatus(snapshot.State == RouterState.Off ? "off" : "unavailable", snapshot.Message);
        }

        var mine = _desired.Where(d => d.Value.RuleId == rule.Id).Select(d => kept.GetValueOrDefault(d.Key)).ToList();
        if (mine.Count == 0 || mine.Any(m => m is null))
        {
            return new RouterRuleStatus("pending", "Asking the router to open the port…");
        }

        if (mine.FirstOrDefault(m => m!.LastError is not null) is { } failed)
        {
            return new RouterRuleStatus("error", "The router refused: " + failed.LastError!.Message);
        }

        if (mine.Any(m => !m!.IsActive))
        {
            return new RouterRuleStatus("pending", "Asking the router to open the port…");
        }

        var external = snapshot.ExternalAddress ?? mine.Select(m => m!.Mapping!.ExternalAddress).FirstOrDefault(a => a is not null);
        var ports = rule.ExternalPorts;
        var renews = mine.Min(m => m!.NextAttempt);
        var where = string.Create(CultureInfo.InvariantCulture, $"{external?.ToString() ?? "the router"}:{ports}");
        return new RouterRuleStatus("mapped", $"Open on the router at {where}")
        {
            ExternalAddress = external?.ToString(),
            ExternalPorts = [.. Enumerable.Range(ports.Start, ports.Count)],
            LeaseExpires = mine.Min(m => m!.Mapping!.ExpiresAt),
            RenewsAt = renews,
        };
    }

    private async Task DropDeviceAsync(PortMappingKeeper keeper)
    {
        _keeper = null;
        keeper.LeaseChanged -= OnLeaseChanged;
        await keeper.DisposeAsync();
        keeper.Device.Dispose();
    }

    private void SetSnapshot(RouterSnapshot snapshot)
    {
        _snapshot = snapshot;
        Changed?.Invoke();
    }

    private void Wake() => _wake.Set();

    [LoggerMessage(Level = LogLevel.Information, Message = "Found the router: {Protocol} {Name} at {Address}.")]
    private static partial void LogFound(ILogger logger, string protocol, string name, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Router mapping: {Event}")]
    private static partial void LogLease(ILogger logger, string @event);

    [LoggerMessage(Level = LogLevel.Error, Message = "Talking to the router failed; will retry on the next resync.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
