using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using static PortFwd.Web.Reachability.ReachabilityMessages;

namespace PortFwd.Web.Reachability;

/// <summary>
/// Runs a rule's reachability check: its steps in order (service, relay, router, public address, internet, names), each
/// within its own limit and the whole within <c>PortFwd:Reachability:TimeoutSeconds</c>, writing each answer to the
/// <see cref="ReachabilityBoard"/> as it comes. One check runs per rule (asking again joins it), and at most
/// <c>MaxRunningChecks</c> over all rules. A check is not tied to whoever asked: a page that closes or a client that
/// hangs up does not stop it, so everyone watching sees it end.
/// </summary>
public sealed partial class ReachabilityChecker : IDisposable
{
    private readonly IReadOnlyList<IReachabilityStep> _steps;
    private readonly ConcurrentDictionary<int, Task<ReachabilityReport>> _running = new();
    private readonly Lock _gate = new();
    private readonly ReachabilityBoard _board;
    private readonly InternetProbe _probe;
    private readonly IOptionsMonitor<ReachabilityOptions> _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<ReachabilityChecker> _logger;
    private readonly IRuleChangeSignal _changes;

    public ReachabilityChecker(IEnumerable<IReachabilityStep> steps, ReachabilityBoard board, InternetProbe probe, IOptionsMonitor<ReachabilityOptions> options,
        IRuleChangeSignal changes, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ReachabilityChecker> logger)
    {
        _steps = [.. steps.OrderBy(s => s.Name)];
        _board = board;
        _probe = probe;
        _options = options;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
        _changes = changes;
        _changes.Changed += OnRuleChanged;
    }

    public void Dispose() => _changes.Changed -= OnRuleChanged;

    /// <summary>A deleted rule's last check and probe answers go with it.</summary>
    private void OnRuleChanged(RuleChange change)
    {
        if (change.Kind == RuleChangeKind.Deleted)
        {
            _board.Forget(change.RuleId);
            _probe.Forget(change.RuleId);
        }
    }

    /// <summary>Starts a check of <paramref name="rule"/>, or joins the one running on it.</summary>
    /// <returns>False when <c>MaxRunningChecks</c> checks of other rules are running: nothing was started.</returns>
    public bool TryStart(ForwardingRule rule, out Task<ReachabilityReport> check)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            if (_running.TryGetValue(rule.Id, out var running))
            {
                check = running;
                return true;
            }

            if (_running.Count >= _options.CurrentValue.MaxRunningChecks)
            {
                check = Task.FromResult(_board.Get(rule.Id) ?? new ReachabilityReport(rule.Id, _time.GetUtcNow(), [], Finished: false));
                return false;
            }

            // Shown at once, so a page sees "Checking…" before the first step answers.
            _board.Set(new ReachabilityReport(rule.Id, _time.GetUtcNow(), [], Finished: false));
            check = Task.Run(() => RunAsync(rule));
            _running[rule.Id] = check;
        }

        return true;
    }

    /// <summary>True while a check of the rule runs.</summary>
    public bool IsRunning(int ruleId) => _running.ContainsKey(ruleId);

    /// <summary>Runs the check; the last report is published and the check stops counting as running in one step, so
    /// "Check again" right after the end starts a new check instead of joining the finished one.</summary>
    private async Task<ReachabilityReport> RunAsync(ForwardingRule rule)
    {
        var started = _time.GetUtcNow();
        var context = new CheckContext(rule);
        ReachabilityReport? report = null;
        try
        {
            report = await CheckAsync(rule, context, started);
            return report;
        }
        finally
        {
            lock (_gate)
            {
                _running.TryRemove(rule.Id, out _);
                _board.Set(report ?? new ReachabilityReport(rule.Id, started, [.. context.Steps], Finished: true));
            }
        }
    }

    private async Task<ReachabilityReport> CheckAsync(ForwardingRule rule, CheckContext context, DateTimeOffset started)
    {
        var settings = _options.CurrentValue;
        using var total = new CancellationTokenSource(TimeSpan.FromSeconds(settings.TimeoutSeconds), _time);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(total.Token, _lifetime.ApplicationStopping);
        if (_probe.IsEnabled && rule.Protocol.UsesTcp())
        {
            // The probe waits for a connection back; asked first, its answer is usually there when the internet step reads it.
            context.Probe = _probe.AskAsync(rule.Id, rule.ExternalPort, running.Token);
        }

        foreach (var step in _steps)
        {
            foreach (var answer in await RunStepAsync(step, context, settings.TimeoutSeconds, running.Token))
            {
                context.Add(answer);
            }

            _board.Set(new ReachabilityReport(rule.Id, started, [.. context.Steps], Finished: false));
        }

        await running.CancelAsync();
        await ObserveAsync(context.Probe);
        var report = new ReachabilityReport(rule.Id, started, [.. context.Steps], Finished: true);
        LogChecked(rule.Id, rule.Name, report.Summary, string.Join(", ", report.Steps.Select(s => $"{s.Name} {s.Status}".ToLowerInvariant())));
        return report;
    }

    private async Task<IReadOnlyList<CheckStep>> RunStepAsync(IReachabilityStep step, CheckContext context, int totalSeconds, CancellationToken running)
    {
        if (running.IsCancellationRequested)
        {
            return [CheckStep.Skipped(step.Name, _lifetime.ApplicationStopping.IsCancellationRequested
                ? ShuttingDown.With()
                : OutOfTime.With(totalSeconds),
                CheckAgain.With())];
        }

        using var limit = new CancellationTokenSource(step.Limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(running, limit.Token);
        try
        {
            return await step.RunAsync(context, linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            return [CheckStep.Warn(step.Name, NoAnswerWithin.With(running.IsCancellationRequested ? totalSeconds : step.Limit.TotalSeconds), CheckAgain.With())];
        }
        catch (Exception e)
        {
            LogStepFailed(e, step.Name, context.Rule.Id);
            return [CheckStep.Warn(step.Name, Unexpected.With(e.Message), UnexpectedFix.With())];
        }
    }

    private static async Task ObserveAsync(Task<ProbeResult>? probe)
    {
        if (probe is null)
        {
            return;
        }

        try
        {
            await probe;
        }
        catch (OperationCanceledException)
        {
            // Not needed any more: the check ran out of time or PortFwd is stopping.
        }
    }

    [LoggerMessage(EventId = EventIds.ReachabilityChecked, Level = LogLevel.Information, Message = "Reachability of rule {RuleId} ({RuleName}): {Summary} ({Steps})")]
    private partial void LogChecked(int ruleId, string ruleName, string summary, string steps);

    [LoggerMessage(EventId = EventIds.ReachabilityStepFailed, Level = LogLevel.Warning, Message = "The {Step} step of rule {RuleId}'s reachability check failed")]
    private partial void LogStepFailed(Exception exception, CheckStepName step, int ruleId);
}
