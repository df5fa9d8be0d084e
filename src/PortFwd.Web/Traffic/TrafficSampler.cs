using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Data.Traffic;
using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Traffic;

/// <summary>
/// Reads every rule's counters once a second (relay and HTTP port hosts), keeps the last minutes at
/// 1 s in memory, and adds 1-minute and 1-hour rollups and lifetime totals to the database every few
/// seconds and on shutdown. A tick costs O(rules), never O(connections) or O(bytes). Open pages
/// subscribe to <see cref="Sampled"/> to redraw after each tick.
/// </summary>
public sealed partial class TrafficSampler : BackgroundService
{
    private readonly ITrafficSource[] _sources;
    private readonly TrafficStore _store;
    private readonly IRuleChangeSignal _changes;
    private readonly HttpTrafficMeter? _httpMeter;
    private readonly TrafficOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TrafficSampler> _logger;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly Dictionary<int, RuleTraffic> _rules = [];
    private readonly HashSet<int> _deleted = [];
    private readonly ConcurrentQueue<int> _deletions = new();
    private readonly List<(int RuleId, TrafficReading Reading)> _readings = [];
    private readonly List<TrafficBucketDelta> _flushMinutes = [];
    private readonly List<TrafficBucketDelta> _flushHours = [];
    private readonly List<TrafficBucketDelta> _flushTotals = [];
    private long _generation;
    private long _lastSecond = long.MinValue;
    private long _lastTickTicks;

    public TrafficSampler(
        IEnumerable<ITrafficSource> sources,
        TrafficStore store,
        IRuleChangeSignal changes,
        IOptions<TrafficOptions> options,
        TimeProvider time,
        ILogger<TrafficSampler> logger,
        HttpTrafficMeter? httpMeter = null)
    {
        _sources = [.. sources];
        _store = store;
        _changes = changes;
        _httpMeter = httpMeter;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _changes.Changed += OnRuleChanged;
    }

    /// <summary>Raised after each tick, outside the sampler's lock.</summary>
    public event Action? Sampled;

    /// <summary>How long the last tick took (reading every counter and updating the rings), reported on /metrics.</summary>
    public TimeSpan LastTickDuration => TimeSpan.FromTicks(Interlocked.Read(ref _lastTickTicks));

    /// <summary>Loads the lifetime totals kept in the database (called once at start).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var totals = await _store.ReadTotalsAsync(cancellationToken);
        lock (_lock)
        {
            foreach (var (ruleId, counts) in totals)
            {
                if (!_deleted.Contains(ruleId))
                {
                    GetOrAdd(ruleId).Lifetime.Add(counts);
                }
            }
        }
    }

    /// <summary>One tick: read every source once and attribute what changed to the current second.</summary>
    public void Sample()
    {
        var started = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            var second = _time.GetUtcNow().ToUnixTimeSeconds();
            // A clock that stepped back keeps adding to the newest second rather than rewriting history.
            second = Math.Max(second, _lastSecond);
            while (_deletions.TryDequeue(out var gone))
            {
                _deleted.Add(gone);
                _rules.Remove(gone);
                _httpMeter?.Forget(gone);
            }

            var generation = ++_generation;
            for (var source = 0; source < _sources.Length; source++)
            {
                _sources[source].Read(_readings);
                foreach (var (ruleId, reading) in _readings)
                {
                    if (_deleted.Contains(ruleId))
                    {
                        continue;
                    }

                    var rule = GetOrAdd(ruleId);
                    var delta = TrafficCounts.Since(rule.HasLast[source] ? rule.Last[source] : default, reading.Counts);
                    rule.Last[source] = reading.Counts;
                    rule.Readings[source] = reading;
                    rule.HasLast[source] = true;
                    rule.SeenInGeneration[source] = generation;
                    rule.Record(second, delta, rule.Gauges.Active);
                }
            }

            // A rule a source no longer runs lost its counters there: its next appearance counts from zero.
            foreach (var rule in _rules.Values)
            {
                for (var source = 0; source < _sources.Length; source++)
                {
                    if (rule.HasLast[source] && rule.SeenInGeneration[source] != generation)
                    {
                        rule.HasLast[source] = false;
                        rule.Last[source] = default;
                        rule.Readings[source] = default;
                    }
                }
            }

            _lastSecond = second;
        }

        Interlocked.Exchange(ref _lastTickTicks, Stopwatch.GetElapsedTime(started).Ticks);
        Sampled?.Invoke();
    }

    /// <summary>Adds what the database does not have yet. On failure the figures stay pending for the next flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken);
        try
        {
            lock (_lock)
            {
                foreach (var rule in _rules.Values)
                {
                    if (!rule.Dirty)
                    {
                        continue;
                    }

                    foreach (var b in rule.PendingMinutes)
                    {
                        _flushMinutes.Add(new TrafficBucketDelta(rule.RuleId, b.Start, b.Counts, b.PeakActive));
                    }

                    foreach (var b in rule.PendingHours)
                    {
                        _flushHours.Add(new TrafficBucketDelta(rule.RuleId, b.Start, b.Counts, b.PeakActive));
                    }

                    _flushTotals.Add(new TrafficBucketDelta(rule.RuleId, 0, rule.PendingTotal, 0));
                    rule.PendingMinutes.Clear();
                    rule.PendingHours.Clear();
                    rule.PendingTotal = default;
                    rule.Dirty = false;
                }
            }

            try
            {
                await _store.AddAsync(_flushMinutes, _flushHours, _flushTotals, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFlushFailed(_logger, ex);
                Restore();
            }
            catch (OperationCanceledException)
            {
                Restore();
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

    /// <summary>Deletes rollups older than their retention.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var removed = await _store.PruneAsync(
            (now - TimeSpan.FromHours(_options.MinuteRetentionHours)).ToUnixTimeSeconds(),
            (now - TimeSpan.FromDays(_options.HourRetentionDays)).ToUnixTimeSeconds(),
            cancellationToken);
        if (removed > 0)
        {
            LogPruned(_logger, removed);
        }
    }

    /// <summary>The rule's traffic over a range: 1-second samples from memory for 5 minutes, rollups from the database beyond.</summary>
    public async Task<TrafficSeries> GetSeriesAsync(int ruleId, TrafficRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (range.Source is not { } resolution)
        {
            lock (_lock)
            {
                var end = _lastSecond == long.MinValue ? _time.GetUtcNow().ToUnixTimeSeconds() : _lastSecond;
                var start = end - range.Points + 1;
                var buckets = new TrafficCounts[range.Points];
                _rules.TryGetValue(ruleId, out var rule);
                for (var i = 0; i < buckets.Length && rule is not null; i++)
                {
                    buckets[i] = rule.At(start + i);
                }

                return Build(range, start, buckets, rule?.Gauges ?? default);
            }
        }

        var step = range.StepSeconds;
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var first = (now - (now % step)) - ((long)(range.Points - 1) * step);
        var to = now - (now % step) + step;
        var result = new TrafficCounts[range.Points];

        // The gate keeps a flush from moving figures between memory and the database while they are read.
        await _flushGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var row in await _store.ReadAsync(resolution, ruleId, first, to, cancellationToken))
            {
                result[(int)((row.Start - first) / step)].Add(row.ToCounts());
            }

            lock (_lock)
            {
                if (!_rules.TryGetValue(ruleId, out var rule))
                {
                    return Build(range, first, result, default);
                }

                foreach (var pending in resolution == TrafficResolution.Minute ? rule.PendingMinutes : rule.PendingHours)
                {
                    if (pending.Start >= first && pending.Start < to)
                    {
                        result[(int)((pending.Start - first) / step)].Add(pending.Counts);
                    }
                }

                return Build(range, first, result, rule.Gauges);
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>Every sampled rule's rate in the last full second and its last <paramref name="seconds"/> seconds (in + out).</summary>
    public IReadOnlyList<RuleRate> Rates(int seconds)
    {
        lock (_lock)
        {
            var rates = new List<RuleRate>(_rules.Count);
            var last = _lastSecond;
            foreach (var rule in _rules.Values)
            {
                var recent = new double[seconds];
                for (var i = 0; i < seconds; i++)
                {
                    var (bytesIn, bytesOut) = rule.BytesAt(last - seconds + 1 + i);
                    recent[i] = bytesIn + bytesOut;
                }

                var (nowIn, nowOut) = rule.BytesAt(last);
                rates.Add(new RuleRate(rule.RuleId, nowIn, nowOut, recent, rule.Gauges));
            }

            return rates;
        }
    }

    /// <summary>Lifetime totals (database plus memory) and gauges of every rule the sampler knows.</summary>
    public IReadOnlyList<RuleLifetime> Lifetimes()
    {
        lock (_lock)
        {
            return [.. _rules.Values.Select(r => new RuleLifetime(r.RuleId, r.Lifetime, r.Gauges))];
        }
    }

    public override void Dispose()
    {
        // The flush gate is left to the GC: a final flush may still be releasing it while the host disposes services.
        _changes.Changed -= OnRuleChanged;
        base.Dispose();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The last part-second and everything since the last flush.
        try
        {
            Sample();
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Shutdown ran out of time or the database went first: at most the last seconds are lost.
            LogFinalFlushSkipped(_logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoadAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLoadFailed(_logger, ex);
        }

        var flushEvery = TimeSpan.FromSeconds(_options.FlushSeconds);
        var pruneEvery = TimeSpan.FromMinutes(_options.PruneMinutes);
        var nextFlush = _time.GetUtcNow() + flushEvery;
        var nextPrune = _time.GetUtcNow();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Sample();
                    var now = _time.GetUtcNow();
                    if (now >= nextFlush)
                    {
                        nextFlush = now + flushEvery;
                        await FlushAsync(stoppingToken);
                    }

                    if (now >= nextPrune)
                    {
                        nextPrune = now + pruneEvery;
                        await PruneAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogTickFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static TrafficSeries Build(TrafficRange range, long start, TrafficCounts[] buckets, TrafficGauges now)
    {
        var totals = default(TrafficCounts);
        foreach (var b in buckets)
        {
            totals.Add(b);
        }

        return new TrafficSeries(range, start, buckets, totals, now);
    }

    private RuleTraffic GetOrAdd(int ruleId)
    {
        if (!_rules.TryGetValue(ruleId, out var rule))
        {
            rule = new RuleTraffic(ruleId, _sources.Length, _options.LiveSeconds);
            _rules.Add(ruleId, rule);
        }

        return rule;
    }

    private void Restore()
    {
        lock (_lock)
        {
            foreach (var b in _flushMinutes)
            {
                if (_rules.TryGetValue(b.RuleId, out var rule))
                {
                    RuleTraffic.AddPending(rule.PendingMinutes, b.Start, b.Counts, b.PeakActive);
                    rule.Dirty = true;
                }
            }

            foreach (var b in _flushHours)
            {
                if (_rules.TryGetValue(b.RuleId, out var rule))
                {
                    RuleTraffic.AddPending(rule.PendingHours, b.Start, b.Counts, b.PeakActive);
                    rule.Dirty = true;
                }
            }

            foreach (var b in _flushTotals)
            {
                if (_rules.TryGetValue(b.RuleId, out var rule))
                {
                    rule.PendingTotal.Add(b.Counts);
                    rule.Dirty = true;
                }
            }
        }
    }

    private void OnRuleChanged(RuleChange change)
    {
        if (change.Kind == RuleChangeKind.Deleted)
        {
            _deletions.Enqueue(change.RuleId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write traffic history; keeping it in memory and retrying on the next flush.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the traffic totals; they start from zero for this run.")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A traffic sampling tick failed.")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last traffic figures could not be written on shutdown.")]
    private static partial void LogFinalFlushSkipped(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pruned {Rows} traffic rollups past their retention.")]
    private static partial void LogPruned(ILogger logger, int rows);
}
