using Microsoft.Extensions.Options;

namespace PortFwd.Web.Traffic;

/// <summary>
/// Runs the traffic pieces on the clock: restores the history at start, samples every second, flushes every
/// <see cref="TrafficOptions.FlushSeconds"/> (at most that much is lost on a power cut), prunes every
/// <see cref="TrafficOptions.PruneMinutes"/>, and samples and flushes once more on shutdown.
/// </summary>
public sealed partial class TrafficRecorder(
    TrafficSampler sampler,
    TrafficHistory history,
    TrafficRetention retention,
    IOptions<TrafficOptions> options,
    TimeProvider time,
    ILogger<TrafficRecorder> logger) : BackgroundService
{
    private readonly TrafficOptions _options = options.Value;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The last part-second and everything since the last flush.
        try
        {
            sampler.Sample();
            await history.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Shutdown ran out of time or the database went first: at most the last seconds are lost.
            LogFinalFlushSkipped(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await history.RestoreAsync(stoppingToken);
        var flushEvery = TimeSpan.FromSeconds(_options.FlushSeconds);
        var pruneEvery = TimeSpan.FromMinutes(_options.PruneMinutes);
        var nextFlush = time.GetUtcNow() + flushEvery;
        var nextPrune = time.GetUtcNow();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    sampler.Sample();
                    var now = time.GetUtcNow();
                    if (now >= nextFlush)
                    {
                        nextFlush = now + flushEvery;
                        await history.FlushAsync(stoppingToken);
                    }

                    if (now >= nextPrune)
                    {
                        nextPrune = now + pruneEvery;
                        await retention.PruneAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogTickFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = EventIds.TrafficTickFailed, Level = LogLevel.Error, Message = "A traffic sampling tick failed.")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.TrafficFinalFlushSkipped, Level = LogLevel.Warning, Message = "The last traffic figures could not be written on shutdown.")]
    private static partial void LogFinalFlushSkipped(ILogger logger, Exception exception);
}
