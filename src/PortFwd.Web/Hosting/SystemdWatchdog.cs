using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;
using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Hosting;

/// <summary>
/// Feeds systemd's watchdog (<c>WatchdogSec=</c> in the unit) with <c>WATCHDOG=1</c> at half the interval systemd asks
/// for, and only while the panel can still do its job: the rule reconciler's loop is running and not stuck in one pass.
/// Then a deadlocked reconciler, a crashed loop or a starved thread pool (the ping itself needs it) stops the pings and
/// systemd restarts the service (<c>Restart=on-failure</c>). The database is not part of it: a full disk is reported
/// by /healthz, and restarting would not free space but would drop every open connection.
/// Does nothing unless systemd set <c>WATCHDOG_USEC</c> for this process.
/// </summary>
/// <param name="interval">How often to ping (<see cref="PingInterval"/>); null: systemd has no watchdog for this process.</param>
/// <param name="isHealthy">Whether the panel can still do its job (<see cref="ReconcilerRuns"/> in the app).</param>
internal sealed partial class SystemdWatchdog(
    ISystemdNotifier notifier,
    TimeSpan? interval,
    Func<bool> isHealthy,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SystemdWatchdog> logger) : BackgroundService
{
    /// <summary>No pass over the saved rules takes this long (opening 10,000 ports took about 0.3 s here, BENCHMARKS.md); one that does is stuck.</summary>
    public static readonly TimeSpan StuckPassLimit = TimeSpan.FromMinutes(5);

    private static readonly ServiceState Ping = new("WATCHDOG=1");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval is null || !notifier.IsEnabled)
        {
            return;
        }

        // systemd arms the watchdog once the service reports ready, which the systemd lifetime does when the host has started.
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        LogFeeding(logger, interval.Value.TotalSeconds);
        using var timer = new PeriodicTimer(interval.Value, time);
        var wasHealthy = true;
        do
        {
            var healthy = isHealthy();
            if (healthy)
            {
                notifier.Notify(Ping);
            }
            else if (wasHealthy)
            {
                LogWithheld(logger);
            }

            wasHealthy = healthy;
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Whether the reconciler's loop runs and its current pass (if any) is not stuck.</summary>
    public static bool ReconcilerRuns(RuleReconciler reconciler) =>
        reconciler.ExecuteTask is { IsCompleted: false } && !reconciler.Heartbeat.IsStuck(StuckPassLimit);

    /// <summary>The ping interval systemd asks this process for, from its environment.</summary>
    public static TimeSpan? PingIntervalFromEnvironment() => PingInterval(
        Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId);

    /// <summary>
    /// Half of <c>WATCHDOG_USEC</c> (systemd's advice), or null when it is not set, not a positive number, or meant for
    /// another process (<c>WATCHDOG_PID</c>).
    /// </summary>
    public static TimeSpan? PingInterval(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!long.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(watchdogPid)
            && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != processId))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec / 2.0);
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = EventIds.WatchdogFeeding, Level = LogLevel.Information, Message = "Feeding the systemd watchdog every {Seconds:F1} s while the rule reconciler runs.")]
    private static partial void LogFeeding(ILogger logger, double seconds);

    [LoggerMessage(EventId = EventIds.WatchdogWithheld, Level = LogLevel.Error, Message = "The rule reconciler has stopped or is stuck in one pass; the systemd watchdog is no longer fed, so systemd will restart the service.")]
    private static partial void LogWithheld(ILogger logger);
}
