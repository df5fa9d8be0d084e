using Microsoft.Extensions.Options;
using PortFwd.Data.Audit;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Audit;

/// <summary>
/// Deletes audit entries older than <see cref="AuditOptions.RetentionDays"/>: at start and then every
/// <see cref="PruneEvery"/>, on the panel's <see cref="TimeProvider"/> (tests move the clock and call <see cref="PruneAsync"/>).
/// </summary>
public sealed partial class AuditRetention(AuditStore store, IOptionsMonitor<AuditOptions> options, TimeProvider time, ILogger<AuditRetention> logger)
    : BackgroundService
{
    /// <summary>Entries are kept for days: checking hourly keeps at most an hour's worth too many.</summary>
    public static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    /// <summary>Deletes the entries past the retention (read now: the Settings page can change it while the panel runs); answers how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var removed = await store.PruneAsync(time.GetUtcNow() - TimeSpan.FromDays(options.CurrentValue.RetentionDays), cancellationToken);
        if (removed > 0)
        {
            LogPruned(logger, removed);
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PruneEvery, time);
        try
        {
            do
            {
                try
                {
                    await PruneAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A locked or full disk: the next hour tries again; old entries staying a little longer harms nothing.
                    LogPruneFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = EventIds.AuditPruned, Level = LogLevel.Debug, Message = "Pruned {Entries} audit entries past their retention.")]
    private static partial void LogPruned(ILogger logger, int entries);

    [LoggerMessage(EventId = EventIds.AuditPruneFailed, Level = LogLevel.Error, Message = "Old audit entries could not be pruned; trying again in an hour.")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
