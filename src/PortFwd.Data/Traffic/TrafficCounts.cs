namespace PortFwd.Data.Traffic;

/// <summary>
/// Additive traffic figures of one rule over some span (a second, a minute, an hour, its lifetime).
/// "In" is what clients sent towards the internal service; "out" is what came back to them.
/// </summary>
public struct TrafficCounts : IEquatable<TrafficCounts>
{
    public long BytesIn;
    public long BytesOut;

    /// <summary>TCP connections accepted (HTTP rules: requests are counted in <see cref="Requests"/>).</summary>
    public long Connections;

    /// <summary>Connections, datagrams or requests refused by the allow-list or a limit.</summary>
    public long Refused;

    /// <summary>Connections or requests whose connect to the internal service failed.</summary>
    public long UpstreamFailed;

    /// <summary>TCP connections the relay closed because nothing moved either way for the idle timeout.</summary>
    public long IdleClosed;

    public long DatagramsIn;
    public long DatagramsOut;
    public long Requests;
    public long Status2xx;
    public long Status3xx;
    public long Status4xx;
    public long Status5xx;

    /// <summary>Sum of the upstream latency (time to the response headers) of the proxied requests, in microseconds.</summary>
    public long LatencyMicros;

    public readonly bool IsZero =>
        (BytesIn | BytesOut | Connections | Refused | UpstreamFailed | IdleClosed | DatagramsIn | DatagramsOut | Requests
         | Status2xx | Status3xx | Status4xx | Status5xx | LatencyMicros) == 0;

    public void Add(in TrafficCounts other)
    {
        BytesIn += other.BytesIn;
        BytesOut += other.BytesOut;
        Connections += other.Connections;
        Refused += other.Refused;
        UpstreamFailed += other.UpstreamFailed;
        IdleClosed += other.IdleClosed;
        DatagramsIn += other.DatagramsIn;
        DatagramsOut += other.DatagramsOut;
        Requests += other.Requests;
        Status2xx += other.Status2xx;
        Status3xx += other.Status3xx;
        Status4xx += other.Status4xx;
        Status5xx += other.Status5xx;
        LatencyMicros += other.LatencyMicros;
    }

    /// <summary>
    /// What happened between two readings of cumulative counters. A counter that went down was
    /// started again (the rule was removed and applied again), so all of its new value is new.
    /// </summary>
    public static TrafficCounts Since(in TrafficCounts previous, in TrafficCounts current) => new()
    {
        BytesIn = Delta(previous.BytesIn, current.BytesIn),
        BytesOut = Delta(previous.BytesOut, current.BytesOut),
        Connections = Delta(previous.Connections, current.Connections),
        Refused = Delta(previous.Refused, current.Refused),
        UpstreamFailed = Delta(previous.UpstreamFailed, current.UpstreamFailed),
        IdleClosed = Delta(previous.IdleClosed, current.IdleClosed),
        DatagramsIn = Delta(previous.DatagramsIn, current.DatagramsIn),
        DatagramsOut = Delta(previous.DatagramsOut, current.DatagramsOut),
        Requests = Delta(previous.Requests, current.Requests),
        Status2xx = Delta(previous.Status2xx, current.Status2xx),
        Status3xx = Delta(previous.Status3xx, current.Status3xx),
        Status4xx = Delta(previous.Status4xx, current.Status4xx),
        Status5xx = Delta(previous.Status5xx, current.Status5xx),
        LatencyMicros = Delta(previous.LatencyMicros, current.LatencyMicros),
    };

    private static long Delta(long previous, long current) => current >= previous ? current - previous : current;

    public readonly bool Equals(TrafficCounts other) =>
        BytesIn == other.BytesIn && BytesOut == other.BytesOut && Connections == other.Connections && Refused == other.Refused
        && UpstreamFailed == other.UpstreamFailed && IdleClosed == other.IdleClosed && DatagramsIn == other.DatagramsIn && DatagramsOut == other.DatagramsOut
        && Requests == other.Requests && Status2xx == other.Status2xx && Status3xx == other.Status3xx
        && Status4xx == other.Status4xx && Status5xx == other.Status5xx && LatencyMicros == other.LatencyMicros;

    public override readonly bool Equals(object? obj) => obj is TrafficCounts other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(BytesIn, BytesOut, Connections, Requests);

    public static bool operator ==(TrafficCounts left, TrafficCounts right) => left.Equals(right);

    public static bool operator !=(TrafficCounts left, TrafficCounts right) => !left.Equals(right);
}
