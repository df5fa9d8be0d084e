using PortFwd.Core.Rules;
using PortFwd.Data.Traffic;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Tests.Traffic;

/// <summary>The decisions the traffic pages show: order of the rule list, figures and units, graph captions and axis labels.</summary>
public sealed class TrafficChartTests
{
    private static ForwardingRule Rule(int id, string name) =>
        new() { Id = id, Name = name, Protocol = Protocol.Tcp, ExternalPort = 20000 + id, InternalHost = "127.0.0.1", InternalPort = 80 };

    private static RuleRate Rate(int id, long now, double lastMinute = 0, long open = 0) =>
        new(id, now, 0, [lastMinute], new TrafficGauges(open, 0, 0));

    [Fact]
    public void Busiest_first_orders_by_the_rate_now_then_the_last_minute_then_the_name()
    {
        ForwardingRule[] rules = [Rule(1, "quiet b"), Rule(2, "paused"), Rule(3, "busy"), Rule(4, "Quiet a"), Rule(5, "busier")];
        var rates = new[] { Rate(2, 0, lastMinute: 5000), Rate(3, 100), Rate(5, 900) }.ToDictionary(r => r.RuleId);

        var rows = TrafficRuleRows.BusiestFirst(rules, rates);

        Assert.Equal(["busier", "busy", "paused", "Quiet a", "quiet b"], rows.Select(r => r.Rule.Name));
        Assert.Null(rows[^1].Rate);
        Assert.Equal([1, 2, 3, 4, 5], TrafficRuleRows.InOrder(rules, rates).Select(r => r.Rule.Id));
    }

    [Fact]
    public void Throughput_now_adds_every_rule_each_way_and_what_is_open()
    {
        var now = Throughput.Of([new RuleRate(1, 10, 20, [], new TrafficGauges(1, 2, 0)), new RuleRate(2, 5, 0, [], new TrafficGauges(0, 0, 3))]);

        Assert.Equal(new Throughput(15, 20, 6), now);
        Assert.Equal(35, now.Bytes);
    }

    [Fact]
    public void Latency_is_the_mean_over_the_requests_that_reached_the_service()
    {
        Assert.Equal("12.5 ms", TrafficUnits.Latency(new TrafficCounts { Requests = 5, Refused = 1, LatencyMicros = 50_000 }));
        Assert.Equal("–", TrafficUnits.Latency(new TrafficCounts { Requests = 2, Refused = 2 }));
        Assert.Equal("–", TrafficUnits.Latency(default));
    }

    [Theory]
    [InlineData(1, "one point per second")]
    [InlineData(60, "one point per minute")]
    [InlineData(300, "one point per 5 minutes")]
    [InlineData(3600, "one point per hour")]
    [InlineData(14400, "one point per 4 hours")]
    public void The_caption_says_what_one_point_stands_for(int step, string caption) =>
        Assert.Equal(caption, TrafficChart.Caption(step));

    [Fact]
    public void About_six_axis_labels_in_the_readers_time_with_the_newest_point_labelled()
    {
        var start = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var series = TrafficSeries.Of(TrafficRange.Hour, start, new TrafficCounts[60], default);

        var labels = TrafficChart.AxisLabels(series, t => t.ToOffset(TimeSpan.FromHours(-5)));

        Assert.Equal(60, labels.Length);
        Assert.Equal(["05:09", "05:19", "05:29", "05:39", "05:49", "05:59"], labels.Where(l => l.Length > 0));
        Assert.Equal("05:59", labels[^1]);
        var week = TrafficChart.AxisLabels(TrafficSeries.Of(TrafficRange.Week, start, new TrafficCounts[168], default), t => t);
        Assert.Equal("Mar 8 09:00", week[^1]);
    }

    [Fact]
    public void Rates_are_per_second_in_the_unit_of_the_largest_value_and_requests_by_status_class()
    {
        var buckets = new TrafficCounts[60];
        buckets[^1] = new TrafficCounts { BytesIn = 60_000_000, BytesOut = 600_000, Requests = 120, Status2xx = 60, Status5xx = 60 };
        var series = TrafficSeries.Of(TrafficRange.Hour, 0, buckets, default);

        var bytes = TrafficChart.Rates(series, bits: false);
        var requests = TrafficChart.Requests(series);

        Assert.Equal("MB/s", bytes.Unit);
        Assert.Equal(1, bytes.Lines[0].Values[^1]);
        Assert.Equal(0.01, bytes.Lines[1].Values[^1]);
        Assert.Equal(("1 MB/s", "10 KB/s", 60_600_000L), (bytes.LastIn, bytes.LastOut, bytes.Sum));
        Assert.Equal("8 Mbit/s", TrafficChart.Rates(series, bits: true).LastIn);
        Assert.Equal(["2xx", "3xx", "4xx", "5xx"], requests.Lines.Select(l => l.Name));
        Assert.Equal(("requests/s", "2", 120L), (requests.Unit, requests.LastIn, requests.Sum));
    }
}
