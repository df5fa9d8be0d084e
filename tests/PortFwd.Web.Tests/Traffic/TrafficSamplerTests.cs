using Microsoft.EntityFrameworkCore;
using PortFwd.Core.Rules;
using PortFwd.Data.Traffic;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Tests.Traffic;

/// <summary>The sampler on a hand-moved clock: 1-second samples, rollups, restarts, resets and pruning, against a real SQLite file.</summary>
public sealed class TrafficSamplerTests : IAsyncLifetime
{
    // 10:00:30 UTC: half a minute before a minute boundary.
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 30, TimeSpan.Zero);

    private readonly TrafficClock _clock = new(Start);
    private readonly ManualSource _source = new();
    private TrafficTestBed _bed = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await TrafficTestBed.CreateAsync(Ct);

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    private void Tick(TrafficSampler sampler)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        sampler.Sample();
    }

    [Fact]
    public async Task Each_tick_puts_the_growth_of_the_counters_in_its_own_second()
    {
        var rule = await _bed.AddRuleAsync("game", Ct);
        using var sampler = _bed.Sampler(_clock, _source);
        _source.Set(rule, 0, 0);
        sampler.Sample();
        _source.Set(rule, 1000, 3000, connections: 1, active: 1);
        Tick(sampler);
        Tick(sampler);
        _source.Set(rule, 1500, 3100, connections: 2, active: 2);
        Tick(sampler);

        var series = await sampler.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct);

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
        using var sampler = _bed.Sampler(_clock, _source);
        _source.Set(rule, 5000, 5000);
        sampler.Sample();

        // Disabled: gone from the relay for a tick, then applied again with fresh counters that already grew past the old ones.
        _source.Rules.Remove(rule);
        Tick(sampler);
        _source.Set(rule, 7000, 100);
        Tick(sampler);
        // A reset the sampler did not see happen (removed and re-added within one tick).
        _source.Set(rule, 40, 10);
        Tick(sampler);

        var series = await sampler.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct);
        Assert.Equal(5000 + 7000 + 40, series.Totals.BytesIn);
        Assert.Equal(5000 + 100 + 10, series.Totals.BytesOut);
    }

    [Fact]
    public async Task Flushing_writes_minute_and_hour_rollups_and_lifetime_totals_with_the_peak_of_open_connections()
    {
        var rule = await _bed.AddRuleAsync("rollup", Ct);
        using var sampler = _bed.Sampler(_clock, _source);
        long total = 0;
        // 90 ticks of 100 bytes from 10:00:31 to 10:02:00: 29 in the first minute, 60 in the second, 1 in the third.
        for (var i = 1; i <= 90; i++)
        {
            total += 100;
            _source.Set(rule, total, total * 2, active: i == 45 ? 7 : 1);
            Tick(sampler);
        }

        await sampler.FlushAsync(Ct);

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
        await sampler.FlushAsync(Ct);
        Assert.Equal(9000, (await _bed.Store.ReadTotalsAsync(Ct))[rule].BytesIn);

        // The hour and day ranges read the rollups.
        var day = await sampler.GetSeriesAsync(rule, TrafficRange.Day, Ct);
        Assert.Equal(288, day.Buckets.Length);
        Assert.Equal(9000, day.Totals.BytesIn);
        var lastHour = await sampler.GetSeriesAsync(rule, TrafficRange.Hour, Ct);
        Assert.Equal([2900L, 6000L, 100L], lastHour.Buckets.TakeLast(3).Select(b => b.BytesIn));
    }

    [Fact]
    public async Task The_longer_ranges_include_what_is_not_flushed_yet()
    {
        var rule = await _bed.AddRuleAsync("pending", Ct);
        using var sampler = _bed.Sampler(_clock, _source);
        _source.Set(rule, 100, 10);
        Tick(sampler);
        await sampler.FlushAsync(Ct);
        _source.Set(rule, 350, 20);
        Tick(sampler);

        foreach (var range in new[] { TrafficRange.Hour, TrafficRange.Day, TrafficRange.Week, TrafficRange.Month })
        {
            var series = await sampler.GetSeriesAsync(rule, range, Ct);
            Assert.Equal(350, series.Totals.BytesIn);
            Assert.Equal(20, series.Totals.BytesOut);
        }
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_minute_adds_to_the_stored_minute_and_keeps_the_lifetime_totals()
    {
        var rule = await _bed.AddRuleAsync("restart", Ct);
        using (var first = _bed.Sampler(_clock, _source))
        {
            _source.Set(rule, 1000, 100);
            Tick(first);
            await first.FlushAsync(Ct);
        }

        // The new process's relay counts from zero again.
        var fresh = new ManualSource();
        using var second = _bed.Sampler(_clock, fresh);
        await second.LoadAsync(Ct);
        fresh.Set(rule, 0, 0);
        Tick(second);
        fresh.Set(rule, 250, 50);
        Tick(second);
        await second.FlushAsync(Ct);

        var minute = Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct));
        Assert.Equal(1250, minute.BytesIn);
        Assert.Equal(150, minute.BytesOut);
        Assert.Equal(1250, Assert.Single(second.Lifetimes()).Totals.BytesIn);
        Assert.Equal(1250, (await second.GetSeriesAsync(rule, TrafficRange.Day, Ct)).Totals.BytesIn);
        // The in-memory seconds start with this process.
        Assert.Equal(250, (await second.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct)).Totals.BytesIn);
    }

    [Fact]
    public async Task Pruning_drops_minutes_after_48_hours_and_hours_after_90_days()
    {
        var rule = await _bed.AddRuleAsync("old", Ct);
        using var sampler = _bed.Sampler(_clock, _source);
        _source.Set(rule, 100, 100);
        Tick(sampler);
        await sampler.FlushAsync(Ct);

        _clock.Advance(TimeSpan.FromHours(47));
        await sampler.PruneAsync(Ct);
        Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct));

        _clock.Advance(TimeSpan.FromHours(2));
        _source.Set(rule, 300, 100);
        Tick(sampler);
        await sampler.FlushAsync(Ct);
        await sampler.PruneAsync(Ct);
        var minutes = await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct);
        Assert.Equal(200, Assert.Single(minutes).BytesIn);
        Assert.Equal(2, (await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct)).Count);
        // The month range still has both from the hour rollups; the day range only the recent one.
        Assert.Equal(300, (await sampler.GetSeriesAsync(rule, TrafficRange.Month, Ct)).Totals.BytesIn);
        Assert.Equal(200, (await sampler.GetSeriesAsync(rule, TrafficRange.Day, Ct)).Totals.BytesIn);

        _clock.Advance(TimeSpan.FromDays(90) - TimeSpan.FromHours(1));
        await sampler.PruneAsync(Ct);
        Assert.Equal(200, Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct)).BytesIn);
        _clock.Advance(TimeSpan.FromDays(1));
        await sampler.PruneAsync(Ct);
        Assert.Empty(await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct));
        Assert.Empty(await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct));
        // Lifetime totals are never pruned.
        Assert.Equal(300, (await _bed.Store.ReadTotalsAsync(Ct))[rule].BytesIn);
    }

    [Fact]
    public async Task Retention_is_configurable()
    {
        var rule = await _bed.AddRuleAsync("short", Ct);
        using var sampler = _bed.Sampler(_clock, _source, new TrafficOptions { MinuteRetentionHours = 1, HourRetentionDays = 1 });
        _source.Set(rule, 100, 100);
        Tick(sampler);
        await sampler.FlushAsync(Ct);

        _clock.Advance(TimeSpan.FromMinutes(61));
        await sampler.PruneAsync(Ct);
        Assert.Empty(await _bed.Store.ReadAsync(TrafficResolution.Minute, rule, 0, long.MaxValue, Ct));
        Assert.Single(await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct));
        _clock.Advance(TimeSpan.FromHours(24));
        await sampler.PruneAsync(Ct);
        Assert.Empty(await _bed.Store.ReadAsync(TrafficResolution.Hour, rule, 0, long.MaxValue, Ct));
    }

    [Fact]
    public async Task The_live_seconds_keep_ten_minutes_and_seconds_without_a_tick_read_zero()
    {
        var rule = await _bed.AddRuleAsync("ring", Ct);
        using var sampler = _bed.Sampler(_clock, _source);
        _source.Set(rule, 10, 0);
        Tick(sampler);
        _clock.Advance(TimeSpan.FromSeconds(5)); // the process was busy: 5 seconds without a tick
        _source.Set(rule, 30, 0);
        Tick(sampler);

        var series = await sampler.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct);
        Assert.Equal(20, series.Buckets[^1].BytesIn);
        Assert.All(series.Buckets[^6..^1], b => Assert.True(b.IsZero));
        Assert.Equal(10, series.Buckets[^7].BytesIn);

        for (var i = 0; i < 601; i++)
        {
            Tick(sampler);
        }

        Assert.True((await sampler.GetSeriesAsync(rule, TrafficRange.FiveMinutes, Ct)).Totals.IsZero);
        Assert.Equal(60, Assert.Single(sampler.Rates(60)).Recent.Length);
    }

    [Fact]
    public async Task A_deleted_rule_leaves_the_sampler_and_its_rows_go_with_it()
    {
        var rule = await _bed.AddRuleAsync("gone", Ct);
        var other = await _bed.AddRuleAsync("stays", Ct);
        using var sampler = _bed.Sampler(_clock, _source);
        _source.Set(rule, 100, 100);
        _source.Set(other, 1, 1);
        Tick(sampler);
        await sampler.FlushAsync(Ct);

        await using (var db = await _bed.Factory.CreateDbContextAsync(Ct))
        {
            await db.Rules.Where(r => r.Id == rule).ExecuteDeleteAsync(Ct);
        }

        _bed.Changes.Notify(new RuleChange(RuleChangeKind.Deleted, rule));
        _source.Set(rule, 200, 200); // the relay lets go a moment later
        Tick(sampler);
        await sampler.FlushAsync(Ct);

        Assert.DoesNotContain(sampler.Lifetimes(), l => l.RuleId == rule);
        Assert.True((await sampler.GetSeriesAsync(rule, TrafficRange.Day, Ct)).Totals.IsZero);
        await using var check = await _bed.Factory.CreateDbContextAsync(Ct);
        Assert.False(await check.TrafficMinutes.AnyAsync(b => b.RuleId == rule, Ct));
        Assert.False(await check.TrafficHours.AnyAsync(b => b.RuleId == rule, Ct));
        Assert.False(await check.TrafficTotals.AnyAsync(b => b.RuleId == rule, Ct));
        Assert.True(await check.TrafficTotals.AnyAsync(b => b.RuleId == other, Ct));
    }
}
