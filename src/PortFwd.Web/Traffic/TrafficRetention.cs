using Microsoft.Extensions.Options;
using PortFwd.Data.Traffic;

namespace PortFwd.Web.Traffic;

/// <summary>Deletes minute rollups older than <see cref="TrafficOptions.MinuteRetentionHours"/> and hour rollups older than <see cref="TrafficOptions.HourRetentionDays"/>; lifetime totals stay.</summary>
public sealed partial class TrafficRetention(TrafficStore store, IOptionsMonitor<TrafficOptions> options, TimeProvider time, ILogger<TrafficRetention> logger)
{
    /// <summary>Deletes the rollups past their retention.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        // Read on every prune: the retention can be changed on the Settings page while the panel runs.
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        var removed = await store.PruneAsync(
            (now - TimeSpan.FromHours(settings.MinuteRetentionHours)).ToUnixTimeSeconds(),
            (now - TimeSpan.FromDays(settings.HourRetentionDays)).ToUnixTimeSeconds(),
            cancellationToken);
        if (removed > 0)
        {
            LogPruned(logger, removed);
        }
    }

    [LoggerMessage(EventId = EventIds.TrafficPruned, Level = LogLevel.Debug, Message = "Pruned {Rows} traffic rollups past their retention.")]
    private static partial void LogPruned(ILogger logger, int rows);
}
