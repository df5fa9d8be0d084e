using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Data.Traffic;
using PortFwd.Web.Components;
using PortFwd.Web.Components.Traffic;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Tests.Traffic;

/// <summary>The traffic graph's times in the zone the browser reports, asked once per circuit after the first render.</summary>
public sealed class BrowserTimeZoneTests : ChartTestContext
{
    // 2023-11-14 22:13:20 UTC: the last of 300 one-second points.
    private const long LastSecond = 1_700_000_000;

    private static TrafficSeries Series() =>
        TrafficSeries.Of(TrafficRange.FiveMinutes, LastSecond - 299, new TrafficCounts[300], default);

    private static string Clock(DateTimeOffset time) => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    [Fact]
    public void The_axis_shows_the_browsers_time_zone_once_the_browser_has_told_it()
    {
        JSInterop.Setup<BrowserTimeZone.ResolvedOptions>("resolvedOptions").SetResult(new("America/Bogota"));

        var cut = Render<TrafficGraph>(p => p.Add(g => g.Series, Series()));

        // The chart shows every 50th label; the newest it draws is 50 s before the last point.
        var labelled = DateTimeOffset.FromUnixTimeSeconds(LastSecond - 50);
        cut.WaitForAssertion(() => Assert.Equal("America/Bogota", cut.Find("#traffic-chart").GetAttribute("data-time-zone")));
        Assert.Equal(("22:12:30", "17:12:30"), (Clock(labelled), Clock(labelled.ToOffset(TimeSpan.FromHours(-5)))));
        Assert.Contains(">17:12:30<", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(">22:12:30<", cut.Markup, StringComparison.Ordinal);
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "resolvedOptions");
    }

    [Fact]
    public void A_zone_the_server_does_not_know_falls_back_to_the_browsers_offset()
    {
        JSInterop.Setup<BrowserTimeZone.ResolvedOptions>("resolvedOptions").SetResult(new("Nowhere/Invented"));
        // getTimezoneOffset counts minutes behind UTC: India (UTC+5:30) answers -330.
        JSInterop.Setup<int>("getTimezoneOffset").SetResult(-330);

        var cut = Render<TrafficGraph>(p => p.Add(g => g.Series, Series()));

        cut.WaitForAssertion(() => Assert.Contains(">03:42:30<", cut.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(">22:12:30<", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_browser_is_asked_once_per_circuit_and_times_are_utc_until_it_answers()
    {
        var answer = JSInterop.Setup<BrowserTimeZone.ResolvedOptions>("resolvedOptions");
        var zone = Services.GetRequiredService<BrowserTimeZone>();
        var noon = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.False(zone.IsKnown);
        Assert.Equal(TimeSpan.Zero, zone.ToLocal(noon).Offset);

        var first = zone.LoadAsync(TestContext.Current.CancellationToken);
        var second = zone.LoadAsync(TestContext.Current.CancellationToken);
        answer.SetResult(new("Europe/Berlin"));

        Assert.True(await first);
        Assert.True(await second);
        Assert.False(await zone.LoadAsync(TestContext.Current.CancellationToken));
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "resolvedOptions");
        // Summer time in Berlin: UTC+2.
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 14, 0, 0, TimeSpan.FromHours(2)), zone.ToLocal(noon));
        Assert.Equal(noon, zone.ToLocal(noon));
    }
}
