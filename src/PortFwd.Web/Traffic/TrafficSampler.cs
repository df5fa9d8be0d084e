using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Data.Traffic;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Traffic;

/// <summary>
/// The tick: reads every rule's counters from the traffic sources once a second and keeps, in memory, the
/// last minutes at 1 s, the minute and hour figures not yet in the database, and lifetime totals. A tick
/// costs O(rules), never O(connections) or O(bytes). Open pages follow <see cref="Updates"/> to redraw
/// after each tick; <see cref="TrafficHistory"/> moves the pending figures to the database and answers queries.
/// </summary>
public sealed class TrafficSampler : IDisposable
{
    private readonly ITrafficSource[] _sources;
    private readonly IRuleChangeSignal _changes;
    private readonly TrafficOptions _options;
    private readonly TimeProvider _time;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, RuleTraffic> _rules = [];
    private readonly HashSet<int> _deleted = [];
    private readonly ConcurrentQueue<int> _deletions = new();
    private readonly List<(int RuleId, TrafficReading Reading)> _readings = [];
    private long _generation;
    private long _lastSecond = long.MinValue;
    private long _lastTickTicks;

    public TrafficSampler(IEnumerable<ITrafficSource> sources, IRuleChangeSignal changes, IOptions<TrafficOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sources = [.. sources];
        _changes = changes;
        _options = options.Value;
        _time = time;
        Updates = new ChangeFeed(time);
        _changes.Changed += OnRuleChanged;
    }

    /// <summary>Notified after each tick, outside the sampler's lock.</summary>
    public ChangeFeed Updates { get; }

    /// <summary>How long the last tick took (reading every counter and updating the rings), reported on /metrics.</summary>
    public TimeSpan LastTickDuration => TimeSpan.FromTicks(Interlocked.Read(ref _lastTickTicks));

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
                foreach (var source in _sources)
                {
                    source.Forget(gone);
                }
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
        Updates.Notify();
    }

    public void Dispose() => _changes.Changed -= OnRuleChanged;

    /// <summary>The last <see cref="TrafficRange.Points"/> seconds of the rule from the 1-second ring.</summary>
    internal TrafficSeries Live(int ruleId, TrafficRange range)
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

            return TrafficSeries.Of(range, start, buckets, rule?.Gauges ?? default);
        }
    }

    /// <summary>
    /// Adds the rule's minute or hour figures not yet in the database that start in [<paramref name="first"/>, <paramref name="to"/>)
    /// to the buckets of <paramref name="step"/> seconds from <paramref name="first"/>; returns what is open now.
    /// </summary>
    internal TrafficGauges AddPending(int ruleId, TrafficResolution resolution, long first, long to, int step, TrafficCounts[] buckets)
    {
        lock (_lock)
        {
            if (!_rules.TryGetValue(ruleId, out var rule))
            {
                return default;
            }

            foreach (var pending in resolution == TrafficResolution.Minute ? rule.PendingMinutes : rule.PendingHours)
            {
                if (pending.Start >= first && pending.Start < to)
                {
                    buckets[(int)((pending.Start - first) / step)].Add(pending.Counts);
                }
            }

            return rule.Gauges;
        }
    }

    /// <summary>Every sampled rule's rate in the last full second and its last <paramref name="seconds"/> seconds (in + out).</summary>
    internal IReadOnlyList<RuleRate> Rates(int seconds)
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

    /// <summary>Lifetime totals (restored plus sampled) and gauges of every rule the sampler knows.</summary>
    internal IReadOnlyList<RuleLifetime> Lifetimes()
    {
        lock (_lock)
        {
            return [.. _rules.Values.Select(r => new RuleLifetime(r.RuleId, r.Lifetime, r.Gauges))];
        }
    }

    /// <summary>Adds the lifetime totals kept in the database (once, at start).</summary>
    internal void AddLifetimes(IReadOnlyDictionary<int, TrafficCounts> totals)
    {
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

    /// <summary>Moves every figure not yet in the database into the three lists, leaving none pending.</summary>
    internal void TakePending(List<TrafficBucketDelta> minutes, List<TrafficBucketDelta> hours, List<TrafficBucketDelta> totals)
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
                    minutes.Add(new TrafficBucketDelta(rule.RuleId, b.Start, b.Counts, b.PeakActive));
                }

                foreach (var b in rule.PendingHours)
                {
                    hours.Add(new TrafficBucketDelta(rule.RuleId, b.Start, b.Counts, b.PeakActive));
                }

                totals.Add(new TrafficBucketDelta(rule.RuleId, 0, rule.PendingTotal, 0));
                rule.PendingMinutes.Clear();
                rule.PendingHours.Clear();
                rule.PendingTotal = default;
                rule.Dirty = false;
            }
        }
    }

    /// <summary>Puts figures that could not be written back to pending (a rule deleted meanwhile drops its share).</summary>
    internal void ReturnPending(List<TrafficBucketDelta> minutes, List<TrafficBucketDelta> hours, List<TrafficBucketDelta> totals)
    {
        lock (_lock)
        {
            foreach (var b in minutes)
            {
                if (_rules.TryGetValue(b.RuleId, out var rule))
                {
                    RuleTraffic.AddPending(rule.PendingMinutes, b.Start, b.Counts, b.PeakActive);
                    rule.Dirty = true;
                }
            }

            foreach (var b in hours)
            {
                if (_rules.TryGetValue(b.RuleId, out var rule))
                {
                    RuleTraffic.AddPending(rule.PendingHours, b.Start, b.Counts, b.PeakActive);
                    rule.Dirty = true;
                }
            }

            foreach (var b in totals)
            {
                if (_rules.TryGetValue(b.RuleId, out var rule))
                {
                    rule.PendingTotal.Add(b.Counts);
                    rule.Dirty = true;
                }
            }
        }
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

    private void OnRuleChanged(RuleChange change)
    {
        if (change.Kind == RuleChangeKind.Deleted)
        {
            _deletions.Enqueue(change.RuleId);
        }
    }
}
