using PortFwd.Data.Traffic;

namespace PortFwd.Web.Traffic;

/// <summary>A time range of the traffic page and API, with the resolution it is shown at.</summary>
/// <param name="Name">As the API and the page name it: 5m, 1h, 24h, 7d, 30d.</param>
/// <param name="Label">As a person reads it.</param>
/// <param name="StepSeconds">Length of one point.</param>
/// <param name="Points">Number of points; the last one holds now.</param>
/// <param name="Source">Where the points come from: null for the in-memory 1-second samples, else the rollup table.</param>
public sealed record TrafficRange(string Name, string Label, int StepSeconds, int Points, TrafficResolution? Source)
{
    public static readonly TrafficRange FiveMinutes = new("5m", "5 minutes", 1, 300, null);
    public static readonly TrafficRange Hour = new("1h", "1 hour", 60, 60, TrafficResolution.Minute);
    public static readonly TrafficRange Day = new("24h", "24 hours", 300, 288, TrafficResolution.Minute);
    public static readonly TrafficRange Week = new("7d", "7 days", 3600, 168, TrafficResolution.Hour);
    public static readonly TrafficRange Month = new("30d", "30 days", 4 * 3600, 180, TrafficResolution.Hour);

    public static IReadOnlyList<TrafficRange> All { get; } = [FiveMinutes, Hour, Day, Week, Month];

    public TimeSpan Span => TimeSpan.FromSeconds((long)StepSeconds * Points);

    public static TrafficRange? Find(string? name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
}

/// <summary>What is open right now on a rule.</summary>
public readonly record struct TrafficGauges(long ActiveConnections, long ActiveUdpSessions, long ActiveRequests)
{
    public long Active => ActiveConnections + ActiveUdpSessions + ActiveRequests;
}

/// <summary>
/// A rule's traffic over a range: one bucket per step from <see cref="Start"/> (Unix seconds, UTC),
/// every bucket present (zeros where nothing flowed), the sum over the range, and what is open now.
/// </summary>
public sealed record TrafficSeries(TrafficRange Range, long Start, TrafficCounts[] Buckets, TrafficCounts Totals, TrafficGauges Now)
{
    /// <summary>The series of <paramref name="buckets"/>, with their sum as the totals.</summary>
    public static TrafficSeries Of(TrafficRange range, long start, TrafficCounts[] buckets, TrafficGauges now)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var totals = default(TrafficCounts);
        foreach (var b in buckets)
        {
            totals.Add(b);
        }

        return new TrafficSeries(range, start, buckets, totals, now);
    }

    public DateTimeOffset TimeOf(int index) => DateTimeOffset.FromUnixTimeSeconds(Start + ((long)index * Range.StepSeconds));
}

/// <summary>A rule's rate now and its last seconds, for the dashboard and the Traffic list.</summary>
/// <param name="BytesInPerSecond">Client to service, last full second.</param>
/// <param name="BytesOutPerSecond">Service to client, last full second.</param>
/// <param name="Recent">Bytes each way per second over the last seconds, oldest first.</param>
public sealed record RuleRate(int RuleId, long BytesInPerSecond, long BytesOutPerSecond, double[] Recent, TrafficGauges Now)
{
    public long BytesPerSecond => BytesInPerSecond + BytesOutPerSecond;
}

/// <summary>All rules together in the last full second: bytes each way and what is open now.</summary>
public readonly record struct Throughput(long BytesIn, long BytesOut, long Open)
{
    public long Bytes => BytesIn + BytesOut;

    public static Throughput Of(IEnumerable<RuleRate> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        long bytesIn = 0, bytesOut = 0, open = 0;
        foreach (var rate in rates)
        {
            bytesIn += rate.BytesInPerSecond;
            bytesOut += rate.BytesOutPerSecond;
            open += rate.Now.Active;
        }

        return new Throughput(bytesIn, bytesOut, open);
    }
}

/// <summary>A rule's figures since it was created (what /metrics reports).</summary>
public readonly record struct RuleLifetime(int RuleId, TrafficCounts Totals, TrafficGauges Now);
