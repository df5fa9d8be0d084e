using System.Net;
using PortFwd.Nat;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.HomeRouter;

/// <summary>
/// Finds the home router (UPnP IGD, then PCP, then NAT-PMP) and keeps the connection: the
/// <see cref="PortMappingKeeper"/> that holds our mappings on it, a status check on every pass, and a new search
/// after the router stops answering or when someone clicks "Search again"; closed and found again when the router
/// settings change. Writes what it learns to the
/// <see cref="RouterStatusBoard"/> and <see cref="PublicAddress"/>. Only the router-mapping reconciler's loop
/// calls <see cref="ConnectAsync"/>, so the keeper never changes under a pass.
/// </summary>
public sealed partial class RouterConnection(
    IRouterFinder finder,
    RouterStatusBoard board,
    PublicAddress publicAddress,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<RouterConnection> logger)
{
    private const int FailuresBeforeRediscovery = 3;
    private volatile PortMappingKeeper? _keeper;
    private volatile bool _searchAgain;
    private int _statusFailures;

    /// <summary>The router found, when there is one.</summary>
    public INatDevice? Device => _keeper?.Device;

    /// <summary>The keeper of our mappings on the router found, when there is one.</summary>
    public PortMappingKeeper? Keeper => _keeper;

    /// <summary>Raised by <see cref="SearchAgain"/>: the loop should run a pass now.</summary>
    public event Action? SearchRequested;

    /// <summary>Raised when a kept mapping was added, renewed, lost or removed (on the keeper's thread).</summary>
    public event Action? MappingsChanged;

    /// <summary>Forget the router and search again (the "Search again" button).</summary>
    public void SearchAgain()
    {
        _searchAgain = true;
        SearchRequested?.Invoke();
    }

    /// <summary>Says on the board that the router client is switched off; nothing is sent to the router.</summary>
    public void SwitchOff()
    {
        publicAddress.Forget();
        board.SetSnapshot(new RouterSnapshot(RouterState.Off, RouterMessages.Off.With()) { CheckedAt = time.GetUtcNow() });
    }

    /// <summary>One step of keeping in touch: drop the router if asked to, search when there is none (with
    /// <paramref name="settings"/>), check the one there is. Returns the keeper to apply mappings with, or null when no router answers.</summary>
    public async Task<PortMappingKeeper?> ConnectAsync(RouterOptions settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_searchAgain && _keeper is { } old)
        {
            await DropAsync(old);
        }

        if (_keeper is null)
        {
            await DiscoverAsync(settings, ct);
        }

        if (_keeper is { } keeper)
        {
            await CheckAsync(keeper, ct);
        }

        return _keeper;
    }

    /// <summary>On shutdown: close what we opened (a restart opens it again), bounded so a silent router cannot hold it up.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_keeper is not { } keeper)
        {
            return;
        }

        _keeper = null;
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
            await DisposeKeeperAsync(keeper);
        }
    }

    private async Task DiscoverAsync(RouterOptions settings, CancellationToken ct)
    {
        _searchAgain = false;
        board.SetSnapshot(new RouterSnapshot(RouterState.Searching, RouterMessages.Searching.With()) { CheckedAt = time.GetUtcNow() });
        var discovery = DiscoveryOptions(settings);
        var found = await finder.FindAsync(discovery, ct);
        if (!found.IsSuccess)
        {
            board.SetSnapshot(new RouterSnapshot(RouterState.NotFound, RouterMessages.NotFoundBecause(found.Error.Message)) { CheckedAt = time.GetUtcNow(), LocalAddress = discovery.LocalAddress });
            return;
        }

        var device = found.Value!;
        var keeper = new PortMappingKeeper(device, new PortMappingKeeperOptions { ResyncInterval = TimeSpan.FromSeconds(settings.ResyncSeconds) }, time,
            loggerFactory.CreateLogger<PortMappingKeeper>());
        keeper.LeaseChanged += OnLeaseChanged;
        keeper.Start();
        _keeper = keeper;
        _statusFailures = 0;
        board.SetSnapshot(Found(device, status: null, warning: null));
    }

    /// <summary>What to search: the configured addresses, else this machine's LAN address and default gateway.</summary>
    private static NatDiscoveryOptions DiscoveryOptions(RouterOptions settings)
    {
        var local = settings.ParsedLocalAddress;
        var gateway = settings.ParsedGateway;
        if (local is null || gateway is null)
        {
            var (lanLocal, lanGateway) = LanDefaults.Find();
            local ??= lanLocal;
            gateway ??= lanGateway is null ? null : new IPEndPoint(lanGateway, RouterOptions.DefaultGatewayPort);
        }

        return new NatDiscoveryOptions
        {
            LocalAddress = local,
            DescriptionUrl = settings.ParsedDescriptionUrl,
            Gateway = gateway?.Address,
            GatewayPort = gateway?.Port ?? RouterOptions.DefaultGatewayPort,
        };
    }

    private async Task CheckAsync(PortMappingKeeper keeper, CancellationToken ct)
    {
        var device = keeper.Device;
        var status = await device.GetStatusAsync(ct);
        if (!status.IsSuccess)
        {
            if (++_statusFailures >= FailuresBeforeRediscovery)
            {
                LogStoppedAnswering(logger, device.Name, _statusFailures, status.Error.Message);
                await DropAsync(keeper);
                board.SetSnapshot(new RouterSnapshot(RouterState.NotFound, RouterMessages.StoppedAnswering.With(status.Error.Message)) { CheckedAt = time.GetUtcNow() });
                return;
            }

            board.SetSnapshot(board.Snapshot.Saying(RouterMessages.MissedCheck.With(status.Error.Message)) with { CheckedAt = time.GetUtcNow() });
            return;
        }

        _statusFailures = 0;
        var s = status.Value!;
        var address = publicAddress.LearnFromRouter(s);
        board.SetSnapshot(Found(device, s, address.Warning));
    }

    /// <summary>The router as found, with what its last status said when there is one.</summary>
    private RouterSnapshot Found(INatDevice device, RouterStatus? status, string? warning)
    {
        var protocol = status?.Protocol ?? device.Protocol;
        var name = status?.Name ?? device.Name;
        return new RouterSnapshot(RouterState.Found, RouterMessages.Found.With(name, protocol.ToDisplayName()))
        {
            Protocol = protocol,
            Name = name,
            RouterAddress = device.RouterAddress,
            WebPage = device.WebPage,
            LocalAddress = device.LocalAddress,
            ExternalAddress = status?.ExternalAddress,
            ConnectionStatus = status?.ConnectionStatus,
            Warning = warning,
            CheckedAt = time.GetUtcNow(),
        };
    }

    private async Task DropAsync(PortMappingKeeper keeper)
    {
        _keeper = null;
        publicAddress.Forget();
        await DisposeKeeperAsync(keeper);
    }

    private async Task DisposeKeeperAsync(PortMappingKeeper keeper)
    {
        keeper.LeaseChanged -= OnLeaseChanged;
        await keeper.DisposeAsync();
        keeper.Device.Dispose();
    }

    // The keeper logs each lease event itself; here it only tells the reconciler to refresh the rules' statuses.
    private void OnLeaseChanged(object? sender, LeaseEventArgs e) => MappingsChanged?.Invoke();

    [LoggerMessage(EventId = EventIds.RouterStoppedAnswering, Level = LogLevel.Warning, Message = "The router {Name} did not answer {Failures} checks in a row ({Reason}); searching again.")]
    private static partial void LogStoppedAnswering(ILogger logger, string name, int failures, string reason);
}
