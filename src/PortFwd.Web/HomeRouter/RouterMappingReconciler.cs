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
/// <c>PortFwd:Router:Enabled</c> is false.
/// </summary>
public sealed partial class RouterMappingReconciler(
    IRuleSource rules,
    IRuleChangeSignal changes,
    RouterConnection connection,
    RouterStatusBoard board,
    IOptions<PortFwdOptions> options,
    TimeProvider time,
    ILogger<RouterMappingReconciler> logger) : BackgroundService
{
    private readonly WakeSignal _wake = new();
    private ScheduleAlarm? _scheduleAlarm;
    private volatile IReadOnlyList<ForwardingRule> _wanted = [];
    private volatile IReadOnlyDictionary<RouterPort, DesiredMapping> _desired = new Dictionary<RouterPort, DesiredMapping>();

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
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnRuleChanged;
        connection.SearchRequested -= Wake;
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
        var settings = options.Value.Router;
        if (!settings.Enabled)
        {
            connection.SwitchOff();
            return;
        }

        var resync = TimeSpan.FromSeconds(settings.ResyncSeconds);
        var lease = TimeSpan.FromSeconds(settings.LeaseSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var keeper = await connection.ConnectAsync(stoppingToken);
                // A rule outside its schedule wants no mapping; the alarm wakes the pass that maps it again.
                var wantsRouter = (await rules.GetAllAsync(stoppingToken)).Where(RouterMappingPlan.WantsRouter).ToList();
                var now = time.GetUtcNow();
                _wanted = [.. wantsRouter.Where(r => r.IsOnAt(now, time.LocalTimeZone))];
                (_scheduleAlarm ??= new ScheduleAlarm(time, Wake)).Arm(wantsRouter, now);
                if (keeper is not null)
                {
                    await ApplyAsync(keeper, lease, stoppingToken);
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

            PublishStatuses();
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

    [LoggerMessage(EventId = EventIds.RouterPassFailed, Level = LogLevel.Error, Message = "Talking to the router failed; will retry on the next resync.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
