namespace PortFwd.Data.Traffic;

/// <summary>The traffic figures of one rule as stored; see <see cref="TrafficCounts"/>.</summary>
public abstract class TrafficRow
{
    public int RuleId { get; set; }

    public long BytesIn { get; set; }

    public long BytesOut { get; set; }

    public long Connections { get; set; }

    public long Refused { get; set; }

    public long UpstreamFailed { get; set; }

    public long IdleClosed { get; set; }

    public long DatagramsIn { get; set; }

    public long DatagramsOut { get; set; }

    public long Requests { get; set; }

    public long Status2xx { get; set; }

    public long Status3xx { get; set; }

    public long Status4xx { get; set; }

    public long Status5xx { get; set; }

    public long LatencyMicros { get; set; }

    public TrafficCounts ToCounts() => new()
    {
        BytesIn = BytesIn,
        BytesOut = BytesOut,
        Connections = Connections,
        Refused = Refused,
        UpstreamFailed = UpstreamFailed,
        IdleClosed = IdleClosed,
        DatagramsIn = DatagramsIn,
        DatagramsOut = DatagramsOut,
        Requests = Requests,
        Status2xx = Status2xx,
        Status3xx = Status3xx,
        Status4xx = Status4xx,
        Status5xx = Status5xx,
        LatencyMicros = LatencyMicros,
    };
}

/// <summary>One rollup bucket: the figures of a rule over the minute or hour that starts at <see cref="Start"/>.</summary>
public abstract class TrafficBucket : TrafficRow
{
    /// <summary>Start of the bucket, Unix seconds (UTC), a multiple of the bucket's length.</summary>
    public long Start { get; set; }

    /// <summary>The most connections, UDP sessions or requests open at once that the sampler saw in the bucket.</summary>
    public long PeakActive { get; set; }
}

/// <summary>A 1-minute rollup (table TrafficMinutes).</summary>
public sealed class TrafficMinute : TrafficBucket;

/// <summary>A 1-hour rollup (table TrafficHours).</summary>
public sealed class TrafficHour : TrafficBucket;

/// <summary>A rule's figures since it was created (table TrafficTotals), what /metrics reports.</summary>
public sealed class TrafficTotal : TrafficRow;

/// <summary>Which rollup table.</summary>
public enum TrafficResolution
{
    Minute,
    Hour,
}

/// <summary>A bucket's figures waiting to be added to the database.</summary>
public readonly record struct TrafficBucketDelta(int RuleId, long Start, TrafficCounts Counts, long PeakActive);
