using Bunit;
using PortFwd.Data.Traffic;
using PortFwd.Web.Components.Traffic;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Tests.Traffic;

public sealed class TrafficGraphTests : ChartTestContext
{
    private static TrafficSeries Series(long start, params long[] bytesIn)
    {
        var buckets = bytesIn.Select(b => new TrafficCounts { BytesIn = b, BytesOut = b / 2 }).ToArray();
        var padded = new TrafficCounts[300];
        Array.Copy(buckets, 0, padded, 300 - buckets.Length, buckets.Length);
        var totals = default(TrafficCounts);
        foreach (var b in padded)
        {
            totals.Add(b);
        }

        return new TrafficSeries(TrafficRange.FiveMinutes, start, padded, totals, default);
    }

    [Fact]
    public void It_draws_in_and_out_as_two_lines_in_a_readable_unit()
    {
        var cut = Render<TrafficGraph>(p => p.Add(g => g.Series, Series(1_700_000_000, 250_000, 1_500_000)));

        var graph = cut.Find("#traffic-chart");
        Assert.Equal("300", graph.GetAttribute("data-points"));
        Assert.Equal("MB/s", graph.GetAttribute("data-unit"));
        Assert.Equal("1.5 MB/s", graph.GetAttribute("data-last-in"));
        Assert.Equal("750 KB/s", graph.GetAttribute("data-last-out"));
        Assert.NotEmpty(cut.FindAll("svg"));
        Assert.Equal(2, cut.FindAll("path.mud-chart-line").Count);
        Assert.Contains("In (clients → service)", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Out (service → clients)", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("one point per second", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Bits_per_second_on_request()
    {
        var cut = Render<TrafficGraph>(p => p
            .Add(g => g.Series, Series(1_700_000_000, 1_250_000))
            .Add(g => g.Bits, true));

        var graph = cut.Find("#traffic-chart");
        Assert.Equal("Mbit/s", graph.GetAttribute("data-unit"));
        Assert.Equal("10 Mbit/s", graph.GetAttribute("data-last-in"));
    }

    [Fact]
    public void A_new_series_each_tick_redraws_the_lines()
    {
        var cut = Render<TrafficGraph>(p => p.Add(g => g.Series, Series(1_700_000_000, 0, 100)));
        var before = cut.FindAll("path.mud-chart-line").Select(p => p.GetAttribute("d")).ToList();
        Assert.Equal("150", cut.Find("#traffic-chart").GetAttribute("data-sum"));

        cut.Render(p => p.Add(g => g.Series, Series(1_700_000_001, 100, 900)));

        Assert.Equal("1500", cut.Find("#traffic-chart").GetAttribute("data-sum"));
        Assert.Equal("900 B/s", cut.Find("#traffic-chart").GetAttribute("data-last-in"));
        var after = cut.FindAll("path.mud-chart-line").Select(p => p.GetAttribute("d")).ToList();
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Http_rules_can_graph_requests_per_second_by_status_class()
    {
        var buckets = new TrafficCounts[300];
        buckets[^1] = new TrafficCounts { Requests = 7, Status2xx = 5, Status4xx = 1, Status5xx = 1 };
        var series = new TrafficSeries(TrafficRange.FiveMinutes, 1_700_000_000, buckets, buckets[^1], default);

        var cut = Render<TrafficGraph>(p => p.Add(g => g.Series, series).Add(g => g.Requests, true).Add(g => g.Id, "requests-chart"));

        var graph = cut.Find("#requests-chart");
        Assert.Equal("requests/s", graph.GetAttribute("data-unit"));
        Assert.Equal("7", graph.GetAttribute("data-last-in"));
        Assert.Equal(4, cut.FindAll("path.mud-chart-line").Count);
        foreach (var statusClass in new[] { "2xx", "3xx", "4xx", "5xx" })
        {
            Assert.Contains(statusClass, cut.Markup, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Units_are_decimal_and_humanised()
    {
        Assert.Equal("999 B/s", TrafficUnits.Rate(999, bits: false));
        Assert.Equal("1 KB/s", TrafficUnits.Rate(1000, bits: false));
        Assert.Equal("8 kbit/s", TrafficUnits.Rate(1000, bits: true));
        Assert.Equal("100 Mbit/s", TrafficUnits.Rate(12_500_000, bits: true));
        Assert.Equal("12.5 MB/s", TrafficUnits.Rate(12_500_000, bits: false));
        Assert.Equal("512 B", TrafficUnits.Amount(512));
        Assert.Equal("3.4 GB", TrafficUnits.Amount(3_400_000_000));
    }
}
