using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Web.Hosting;
using PortFwd.Web.Rules;

namespace PortFwd.Web.HomeRouter;

/// <summary>
/// Makes the router's mappings match the saved rules: a mapping for every port of every enabled rule marked
/// "Open on router" (the keeper renews it at half-life and re-adds it after a router restart), none for rules
/// turned off, deleted or outside their schedule. It wakes on every stored rule change, at the next boundary of a
/// rule's schedule and on a periodic resync, and runs in its own
/// loop so a slow or silent router never delays the ports on this machine. Sends nothing when
/// <c>PortFwd:Router:Enabled</c> is false. The router settings are followed live (the Settings page): when they
/// change, the mappings made with the old ones are closed as on shutdown and the router is searched for again with
/// the new ones, or the client stays off.
/// </summary>
public sealed partial class RouterMappingReconciler(
    IRuleSource rules,
    IRuleChangeSignal changes,
    RouterConnection connection,
    RouterStatusBoard board,
    IOptionsMonitor<PortFwdOptions> options,
    TimeProvider time,
    ILogger<RouterMappingReconciler> logger) : BackgroundService
{
    private readonly WakeSignal _wake = new();
    private ScheduleAlarm? _scheduleAlarm;
    private volatile IReadOnlyList<ForwardingRule> _wanted = [];
    private volatile IReadOnlyDictionary<RouterPort, DesiredMapping> _desired = new Dictionary<RouterPort, DesiredMapping>();
    private volatile Generation? _current;
    private IDisposable? _settingsChanges;

    /// <summary>The rule that wants this port on the router, if one does.</summary>
    public int? RuleAt(PortProtocol protocol, int externalPort) =>
        _desired.TryGetValue(new RouterPort(protocol, externalPort), out var d) ? d.RuleId : null;

    /// <summary>When the next schedule boundary of a rule opened on the router wakes a pass; null when none has a schedule.</summary>
    public DateTimeOffset? NextScheduleChange => _scheduleAlarm?.Due;

    /// <summary>Run a pass soon (after a mapping was deleted by hand, a rule that still wants it opens it again).</summary>
    public void Wake() => _wake.Set();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Changed += OnRuleChanged;
        connection.SearchRequested += Wake;
        connection.MappingsChanged += PublishStatuses;
        _settingsChanges = options.OnChange(OnSettingsChanged);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnRuleChanged;
        connection.SearchRequested -= Wake;
        _settingsChanges?.Dispose();
        await base.StopAsync(cancellationToken);
        await connection.CloseAsync(cancellationToken);
        connection.MappingsChanged -= PublishStatuses;
    }

    public override void Dispose()
    {
        _scheduleAlarm?.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue.Router;
            using var restart = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _current = new Generation(RouterSettings.Of(settings), restart);
            if (RouterSettings.Of(options.CurrentValue.Router) == _current.Settings)
            {
                if (settings.Enabled)
                {
                    await KeepAsync(settings, restart.Token);
                }
                else
                {
                    await StayOffAsync(restart.Token);
                }
            }

            _current = null;
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            LogSettingsChanged(logger);
            await connection.CloseAsync(stoppingToken);
        }
    }

    /// <summary>Keeps the rules' mappings on the router found with <paramref name="settings"/> until <paramref name="ct"/> ends.</summary>
    private async Task KeepAsync(RouterOptions settings, CancellationToken ct)
    {
        var resync = TimeSpan.FromSeconds(settings.ResyncSeconds);
        var lease = TimeSpan.FromSeconds(settings.LeaseSeconds);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var keeper = await connection.ConnectAsync(settings, ct);
                // A rule outside its schedule wants no mapping; the alarm wakes the pass that maps it again.
                var wantsRouter = (await rules.GetAllAsync(ct)).Where(RouterMappingPlan.WantsRouter).ToList();
                var now = time.GetUtcNow();
                _wanted = [.. wantsRouter.Where(r => r.IsOnAt(now, time.LocalTimeZone))];
                (_scheduleAlarm ??= new ScheduleAlarm(time, Wake)).Arm(wantsRouter, now);
                if (keeper is not null)
                {
                    await ApplyAsync(keeper, lease, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex);
            }

            PublishStatuses();
            try
            {
                await _wake.WaitAsync(resync, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Says the client is off, with no rule waiting for the router, until <paramref name="ct"/> ends.</summary>
    private async Task StayOffAsync(CancellationToken ct)
    {
        connection.SwitchOff();
        _wanted = [];
        _desired = new Dictionary<RouterPort, DesiredMapping>();
        PublishStatuses();
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Starts over when a router setting changed (any other setting of the section changing does nothing here).</summary>
    private void OnSettingsChanged(PortFwdOptions changed)
    {
        if (_current is { } current && RouterSettings.Of(changed.Router) != current.Settings)
        {
            try
            {
                // Not inline: the loop's closing and searching must not run on the thread that saved the settings.
                _ = current.Restart.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // That generation has just ended; the next one reads the new settings.
            }
        }
    }

    private void OnRuleChanged(RuleChange change) => Wake();

    private async Task ApplyAsync(PortMappingKeeper keeper, TimeSpan lease, CancellationToken ct)
    {
        var desired = RouterMappingPlan.Desired(_wanted, keeper.Device.LocalAddress, lease);
        _desired = desired;
        var changes = RouterMappingPlan.Diff(desired, keeper.Mappings);
        foreach (var port in changes.Remove)
        {
            await keeper.RemoveAsync(port.Protocol, port.Port, ct);
        }

        foreach (var request in changes.Add)
        {
            await keeper.AddAsync(request, ct);
        }
    }

    /// <summary>Writes every wanted rule's router status to the board (after a pass and after each lease event).</summary>
    private void PublishStatuses()
    {
        var snapshot = board.Snapshot;
        var kept = connection.Keeper?.Mappings.ToDictionary(RouterMappingPlan.KeyOf) ?? [];
        var desired = _desired;
        var statuses = new Dictionary<int, RouterRuleStatus>();
        foreach (var rule in _wanted)
        {
            var ports = desired.Where(d => d.Value.RuleId == rule.Id).Select(d => d.Key);
            statuses[rule.Id] = RouterRuleStatusText.Of(rule, snapshot, ports, kept);
        }

        board.SetRuleStatuses(statuses);
    }

    [LoggerMessage(EventId = EventIds.RouterSettingsChanged, Level = LogLevel.Information, Message = "The router settings changed; closing the mappings made with the old ones and starting again.")]
    private static partial void LogSettingsChanged(ILogger logger);

    [LoggerMessage(EventId = EventIds.RouterPassFailed, Level = LogLevel.Error, Message = "Talking to the router failed; will retry on the next resync.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    /// <summary>The router settings a generation of the loop runs with, compared as values.</summary>
    private sealed record RouterSettings(bool Enabled, string? LocalAddress, string? Gateway, string? DescriptionUrl, int LeaseSeconds, int ResyncSeconds)
    {
        public static RouterSettings Of(RouterOptions o) => new(o.Enabled, o.LocalAddress, o.Gateway, o.DescriptionUrl, o.LeaseSeconds, o.ResyncSeconds);
    }

    private sealed record Generation(RouterSettings Settings, CancellationTokenSource Restart);
}
