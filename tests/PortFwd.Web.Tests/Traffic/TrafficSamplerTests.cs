using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.Rules;
using PortFwd.Data.Traffic;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Tests.Traffic;

/// <summary>The sampler on a hand-moved clock: 1-second samples, rollups, restarts, resets and pruning, against a real SQLite file.</summary>
public sealed class TrafficSamplerTests : IAsyncLifetime
{
    // 10:00:30 UTC: half a minute before a minute boundary.
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 30, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly ManualSource _source = new();
    private TrafficTestBed _bed = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await TrafficTestBed.CreateAsync(Ct);

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    private void Tick(TrafficParts traffic)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        traffic.Sampler.Sample();
    }

    [Fact]
    public async Task Each_tick_puts_the_growth_of_the_counters_in_its_own_second()
    {
        var rule = await _bed.AddRuleAsync("game", Ct);
        using var traffic = _bed.Start(_clock, _source);
        _source.Set(rule, 0, 0);
        traffic.Sampler.Sample();
        _source.Set(rule, 1000, 3000, connections: 1, active: 1);
        Tick(traffic);
        Tick(traffic);
        _source.Set(rule, 1500, 3100, connections: 2, active: 2);
        Tick(traffic);

        var series = await traffic.History.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct);

        Assert.Equal(300, series.Buckets.Length);
        Assert.Equal(Start.ToUnixTimeSeconds() + 3, series.Start + 299);
        Assert.Equal((500, 100), (series.Buckets[^1].BytesIn, series.Buckets[^1].BytesOut));
        Assert.True(series.Buckets[^2].IsZero);
        Assert.Equal((1000, 3000), (series.Buckets[^3].BytesIn, series.Buckets[^3].BytesOut));
        Assert.Equal(1500, series.Totals.BytesIn);
        Assert.Equal(3100, series.Totals.BytesOut);
        Assert.Equal(2, series.Totals.Connections);
        Assert.Equal(2, series.Now.ActiveConnections);
    }

    [Fact]
    public async Task A_rule_applied_again_starts_its_counters_at_zero_and_nothing_is_lost_or_counted_twice()
    {
        var rule = await _bed.AddRuleAsync("reset", Ct);
        using var traffic = _bed.Start(_clock, _source);
        _source.Set(rule, 5000, 5000);
        traffic.Sampler.Sample();

        // Disabled: gone from the relay for a tick, then applied again with fresh counters that already grew past the old ones.
        _source.Rules.Remove(rule);
        Tick(traffic);
        _source.Set(rule, 7000, 100);
        Tick(traffic);
        // A reset the sampler did not see happen (removed and re-added within one tick).
        _source.Set(rule, 40, 10);
        Tick(traffic);

        var series = await traffic.History.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct);
        Assert.Equal(5000 + 7000 + 40, series.Totals.BytesIn);
        Assert.Equal(5000 + 100 + 10, series.Totals.BytesOut);
    }

    [Fact]
    public async Task Flushing_writes_minute_and_hour_rollups_and_lifetime_totals_with_the_peak_of_open_connections()
    {
        var rule = await _bed.AddRuleAsync("rollup", Ct);
        using var traffic = _bed.Start(_clock, _source);
        long total = 0;
        // 90 ticks of 100 bytes from 10:00:31 to 10:02:00: 29 in the first minute, 60 in the second, 1 in the third.
        for (var i = 1; i <= 90; i++)
        {
            total += 100;
            _source.Set(rule, total, total * 2, active: i == 45 ? 7 : 1);
            Tick(traffic);
        }

        await traffic.History.FlushAsync(Ct);

        var minuteStart = Start.ToUnixTimeSeconds() - 30;
        var minutes = await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct);
        Assert.Equal([minuteStart, minuteStart + 60, minuteStart + 120], minutes.Select(m => m.Start));
        Assert.Equal([2900L, 6000L, 100L], minutes.Select(m => m.BytesIn));
        Assert.Equal([5800L, 12000L, 200L], minutes.Select(m => m.BytesOut));
        Assert.Equal([1L, 7L, 1L], minutes.Select(m => m.PeakActive));
        var hour = Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct));
        Assert.Equal(Start.ToUnixTimeSeconds() - 30, hour.Start);
        Assert.Equal(9000, hour.BytesIn);
        Assert.Equal(7, hour.PeakActive);
        Assert.Equal(9000, (await _bed.Store.ReadTotalsAsync(Ct))[rule].BytesIn);

        // A second flush with nothing new changes nothing.
        await traffic.History.FlushAsync(Ct);
        Assert.Equal(9000, (await _bed.Store.ReadTotalsAsync(Ct))[rule].BytesIn);

        // The hour and day ranges read the rollups.
        var day = await traffic.History.GetSeriesAsync(rule, TrafficRange.Day, Ct);
        Assert.Equal(288, day.Buckets.Length);
        Assert.Equal(9000, day.Totals.BytesIn);
        var lastHour = await traffic.History.GetSeriesAsync(rule, TrafficRange.Hour, Ct);
        Assert.Equal([2900L, 6000L, 100L], lastHour.Buckets.TakeLast(3).Select(b => b.BytesIn));
    }

    [Fact]
    public async Task Every_figure_goes_into_the_minute_hour_and_lifetime_rows_and_comes_back()
    {
        var rule = await _bed.AddRuleAsync("every figure", Ct);
        using var traffic = _bed.Start(_clock, _source);
        var counts = new TrafficCounts
        {
            BytesIn = 1, BytesOut = 2, Connections = 3, Refused = 4, UpstreamFailed = 5, IdleClosed = 6, DatagramsIn = 7,
            DatagramsOut = 8, Requests = 9, Status2xx = 10, Status3xx = 11, Status4xx = 12, Status5xx = 13, LatencyMicros = 14,
        };
        // Every field set: a figure added later and left out of a row or a column fails here.
        Assert.All(typeof(TrafficCounts).GetFields(), f => Assert.NotEqual(0L, f.GetValue(counts)));

        _source.Rules[rule] = new TrafficReading(counts, 0, 0, 0);
        Tick(traffic);
        await traffic.History.FlushAsync(Ct);

        Assert.Equal(counts, Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct)).ToCounts());
        Assert.Equal(counts, Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct)).ToCounts());
        Assert.Equal(counts, (await _bed.Store.ReadTotalsAsync(Ct))[rule]);
        Assert.Equal(counts, (await traffic.History.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct)).Totals);
    }

    [Fact]
    public async Task The_longer_ranges_include_what_is_not_flushed_yet()
    {
        var rule = await _bed.AddRuleAsync("pending", Ct);
        using var traffic = _bed.Start(_clock, _source);
        _source.Set(rule, 100, 10);
        Tick(traffic);
        await traffic.History.FlushAsync(Ct);
        _source.Set(rule, 350, 20);
        Tick(traffic);

        foreach (var range in new[] { TrafficRange.Hour, TrafficRange.Day, TrafficRange.Week, TrafficRange.Month })
        {
            var series = await traffic.History.GetSeriesAsync(rule, range, Ct);
            Assert.Equal(350, series.Totals.BytesIn);
            Assert.Equal(20, series.Totals.BytesOut);
        }
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_minute_adds_to_the_stored_minute_and_keeps_the_lifetime_totals()
    {
        var rule = await _bed.AddRuleAsync("restart", Ct);
        using (var first = _bed.Start(_clock, _source))
        {
            _source.Set(rule, 1000, 100);
            Tick(first);
            await first.History.FlushAsync(Ct);
        }

        // The new process's relay counts from zero again.
        var fresh = new ManualSource();
        using var second = _bed.Start(_clock, fresh);
        await second.History.RestoreAsync(Ct);
        fresh.Set(rule, 0, 0);
        Tick(second);
        fresh.Set(rule, 250, 50);
        Tick(second);
        await second.History.FlushAsync(Ct);

        var minute = Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct));
        Assert.Equal(1250, minute.BytesIn);
        Assert.Equal(150, minute.BytesOut);
        Assert.Equal(1250, Assert.Single(second.History.Lifetimes()).Totals.BytesIn);
        Assert.Equal(1250, (await second.History.GetSeriesAsync(rule, TrafficRange.Day, Ct)).Totals.BytesIn);
        // The in-memory seconds start with this process.
        Assert.Equal(250, (await second.History.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct)).Totals.BytesIn);
    }

    [Fact]
    public async Task Pruning_drops_minutes_after_48_hours_and_hours_after_90_days()
    {
        var rule = await _bed.AddRuleAsync("old", Ct);
        using var traffic = _bed.Start(_clock, _source);
        _source.Set(rule, 100, 100);
        Tick(traffic);
        await traffic.History.FlushAsync(Ct);

        _clock.Advance(TimeSpan.FromHours(47));
        await traffic.Retention.PruneAsync(Ct);
        Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct));

        _clock.Advance(TimeSpan.FromHours(2));
        _source.Set(rule, 300, 100);
        Tick(traffic);
        await traffic.History.FlushAsync(Ct);
        await traffic.Retention.PruneAsync(Ct);
        var minutes = await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct);
        Assert.Equal(200, Assert.Single(minutes).BytesIn);
        Assert.Equal(2, (await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct)).Count);
        // The month range still has both from the hour rollups; the day range only the recent one.
        Assert.Equal(300, (await traffic.History.GetSeriesAsync(rule, TrafficRange.Month, Ct)).Totals.BytesIn);
        Assert.Equal(200, (await traffic.History.GetSeriesAsync(rule, TrafficRange.Day, Ct)).Totals.BytesIn);

        _clock.Advance(TimeSpan.FromDays(90) - TimeSpan.FromHours(1));
        await traffic.Retention.PruneAsync(Ct);
        Assert.Equal(200, Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct)).BytesIn);
        _clock.Advance(TimeSpan.FromDays(1));
        await traffic.Retention.PruneAsync(Ct);
        Assert.Empty(await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct));
        Assert.Empty(await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct));
        // Lifetime totals are never pruned.
        Assert.Equal(300, (await _bed.Store.ReadTotalsAsync(Ct))[rule].BytesIn);
    }

    [Fact]
    public async Task Retention_is_configurable()
    {
        var rule = await _bed.AddRuleAsync("short", Ct);
        using var traffic = _bed.Start(_clock, _source, new TrafficOptions { MinuteRetentionHours = 1, HourRetentionDays = 1 });
        _source.Set(rule, 100, 100);
        Tick(traffic);
        await traffic.History.FlushAsync(Ct);

        _clock.Advance(TimeSpan.FromMinutes(61));
        await traffic.Retention.PruneAsync(Ct);
        Assert.Empty(await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct));
        Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct));
        _clock.Advance(TimeSpan.FromHours(24));
        await traffic.Retention.PruneAsync(Ct);
        Assert.Empty(await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct));
    }

    [Fact]
    public async Task The_live_seconds_keep_ten_minutes_and_seconds_without_a_tick_read_zero()
    {
        var rule = await _bed.AddRuleAsync("ring", Ct);
        using var traffic = _bed.Start(_clock, _source);
        _source.Set(rule, 10, 0);
        Tick(traffic);
        _clock.Advance(TimeSpan.FromSeconds(5)); // the process was busy: 5 seconds without a tick
        _source.Set(rule, 30, 0);
        Tick(traffic);

        var series = await traffic.History.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct);
        Assert.Equal(20, series.Buckets[^1].BytesIn);
        Assert.All(series.Buckets[^6..^1], b => Assert.True(b.IsZero));
        Assert.Equal(10, series.Buckets[^7].BytesIn);

        for (var i = 0; i < 601; i++)
        {
            Tick(traffic);
        }

        Assert.True((await traffic.History.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct)).Totals.IsZero);
        Assert.Equal(60, Assert.Single(traffic.History.Rates(60)).Recent.Length);
    }

    [Fact]
    public async Task A_deleted_rule_leaves_the_sampler_and_its_rows_go_with_it()
    {
        var rule = await _bed.AddRuleAsync("gone", Ct);
        var other = await _bed.AddRuleAsync("stays", Ct);
        using var traffic = _bed.Start(_clock, _source);
        _source.Set(rule, 100, 100);
        _source.Set(other, 1, 1);
        Tick(traffic);
        await traffic.History.FlushAsync(Ct);

        await using (var db = await _bed.Factory.CreateDbContextAsync(Ct))
        {
            await db.Rules.Where(r => r.Id == rule).ExecuteDeleteAsync(Ct);
        }

        _bed.Changes.Notify(new RuleChange(RuleChangeKind.Deleted, rule));
        _source.Set(rule, 200, 200); // the relay lets go a moment later
        Tick(traffic);
        await traffic.History.FlushAsync(Ct);

        Assert.Equal([rule], _source.Forgotten);
        Assert.DoesNotContain(traffic.History.Lifetimes(), l => l.RuleId == rule);
        Assert.True((await traffic.History.GetSeriesAsync(rule, TrafficRange.Day, Ct)).Totals.IsZero);
        await using var check = await _bed.Factory.CreateDbContextAsync(Ct);
        Assert.False(await check.TrafficMinutes.AnyAsync(b => b.RuleId == rule, Ct));
        Assert.False(await check.TrafficHours.AnyAsync(b => b.RuleId == rule, Ct));
        Assert.False(await check.TrafficTotals.AnyAsync(b => b.RuleId == rule, Ct));
        Assert.True(await check.TrafficTotals.AnyAsync(b => b.RuleId == other, Ct));
    }

    [Fact]
    public async Task Each_tick_is_published_to_the_pages_that_follow_the_sampler()
    {
        var rule = await _bed.AddRuleAsync("feed", Ct);
        using var traffic = _bed.Start(_clock, _source);
        var ticks = Channel.CreateUnbounded<bool>();
        using var subscription = traffic.Sampler.Updates.Subscribe(() => ticks.Writer.WriteAsync(true, Ct).AsTask());
        _source.Set(rule, 10, 10);

        Tick(traffic);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));
        Assert.True(await ticks.Reader.ReadAsync(deadline.Token));
    }

    [Fact]
    public void The_http_meter_drops_a_rules_counters_when_its_source_is_told_to_forget_it()
    {
        var meter = new HttpTrafficMeter();
        meter.For(1);
        meter.For(2);
        ITrafficSource source = new HttpTrafficSource(meter);
        var readings = new List<(int RuleId, TrafficReading Reading)>();

        source.Forget(1);

        source.Read(readings);
        Assert.Equal([2], readings.Select(r => r.RuleId));
    }
}
