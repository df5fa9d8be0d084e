using PortFwd.Data.Traffic;

namespace PortFwd.Web.Traffic;

/// <summary>
/// The traffic history: restores the lifetime totals at start, adds the sampler's pending minute and hour
/// figures to the database (every few seconds and on shutdown), and answers what the API, /metrics and
/// the pages ask: a rule's series over a range (1-second samples from memory for 5 minutes, rollups from
/// the database plus what is not flushed yet beyond), rates now and lifetime totals.
/// </summary>
public sealed partial class TrafficHistory(TrafficSampler sampler, TrafficStore store, TimeProvider time, ILogger<TrafficHistory> logger)
{
    // A flush moves figures from memory to the database: the gate keeps a history query from reading between the two.
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly List<TrafficBucketDelta> _flushMinutes = [];
    private readonly List<TrafficBucketDelta> _flushHours = [];
    private readonly List<TrafficBucketDelta> _flushTotals = [];

    /// <summary>Loads the lifetime totals kept in the database (once, at start). On failure they start from zero for this run.</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            sampler.AddLifetimes(await store.ReadTotalsAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRestoreFailed(logger, ex);
        }
    }

    /// <summary>Adds what the database does not have yet. On failure the figures stay pending for the next flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken);
        try
        {
            sampler.TakePending(_flushMinutes, _flushHours, _flushTotals);
            try
            {
                await store.AddAsync(_flushMinutes, _flushHours, _flushTotals, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFlushFailed(logger, ex);
                sampler.ReturnPending(_flushMinutes, _flushHours, _flushTotals);
            }
            catch (OperationCanceledException)
            {
                sampler.ReturnPending(_flushMinutes, _flushHours, _flushTotals);
                throw;
            }
            finally
            {
                _flushMinutes.Clear();
                _flushHours.Clear();
                _flushTotals.Clear();
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>The rule's traffic over a range: 1-second samples from memory for 5 minutes, rollups from the database beyond.</summary>
    public async Task<TrafficSeries> GetSeriesAsync(int ruleId, TrafficRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (range.Source is not { } resolution)
        {
            return sampler.Live(ruleId, range);
        }

        var step = range.StepSeconds;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var first = (now - (now % step)) - ((long)(range.Points - 1) * step);
        var to = now - (now % step) + step;
        var buckets = new TrafficCounts[range.Points];
        await _flushGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var row in await store.ReadAsync(resolution, ruleId, first, to, cancellationToken))
            {
                buckets[(int)((row.Start - first) / step)].Add(row.ToCounts());
            }

            var gauges = sampler.AddPending(ruleId, resolution, first, to, step, buckets);
            return TrafficSeries.Of(range, first, buckets, gauges);
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>Every sampled rule's rate in the last full second and its last <paramref name="seconds"/> seconds (in + out).</summary>
    public IReadOnlyList<RuleRate> Rates(int seconds) => sampler.Rates(seconds);

    /// <summary>Lifetime totals (database plus memory) and gauges of every rule the sampler knows.</summary>
    public IReadOnlyList<RuleLifetime> Lifetimes() => sampler.Lifetimes();

    [LoggerMessage(EventId = EventIds.TrafficFlushFailed, Level = LogLevel.Warning,
        Message = "Could not write traffic history; keeping it in memory and retrying on the next flush.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.TrafficRestoreFailed, Level = LogLevel.Warning,
        Message = "Could not load the traffic totals; they start from zero for this run.")]
    private static partial void LogRestoreFailed(ILogger logger, Exception exception);
}
