namespace PortFwd.Web.Traffic;

/// <summary>
/// <c>GET /api/rules/{id}/traffic</c>: totals over the range and its points. Points are listed only for
/// buckets that saw traffic (oldest first); a bucket between <see cref="From"/> and <see cref="To"/> that
/// is not listed had none. <see cref="Step"/> is the bucket length in seconds.
/// </summary>
public sealed record RuleTrafficResponse(string Range, int Step, DateTimeOffset From, DateTimeOffset To, TrafficTotals Totals, IReadOnlyList<TrafficPoint> Points)
{
    public static RuleTrafficResponse Create(TrafficSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var t = series.Totals;
        var proxied = t.Requests - t.Refused;
        var totals = new TrafficTotals(
            t.BytesIn, t.BytesOut, t.Connections, series.Now.Active, series.Now.ActiveUdpSessions, t.Refused, t.UpstreamFailed, t.IdleClosed,
            t.DatagramsIn, t.DatagramsOut, t.Requests, t.Status2xx, t.Status3xx, t.Status4xx, t.Status5xx,
            proxied > 0 ? Math.Round(t.LatencyMicros / 1000.0 / proxied, 3) : null);
        var points = new List<TrafficPoint>();
        for (var i = 0; i < series.Buckets.Length; i++)
        {
            var b = series.Buckets[i];
            if (!b.IsZero)
            {
                points.Add(new TrafficPoint(series.TimeOf(i), b.BytesIn, b.BytesOut, b.Connections, b.Requests, b.Refused));
            }
        }

        return new RuleTrafficResponse(series.Range.Name, series.Range.StepSeconds, series.TimeOf(0),
            series.TimeOf(series.Buckets.Length), totals, points);
    }
}

/// <summary>
/// Sums over the range; <see cref="ActiveConnections"/> (TCP connections, UDP sessions and HTTP requests open now)
/// and <see cref="ActiveUdpSessions"/> are what is open at the time of the call.
/// </summary>
public sealed record TrafficTotals(
    long BytesIn,
    long BytesOut,
    long Connections,
    long ActiveConnections,
    long ActiveUdpSessions,
    long Refused,
    long UpstreamFailed,
    long IdleClosed,
    long DatagramsIn,
    long DatagramsOut,
    long Requests,
    long Status2xx,
    long Status3xx,
    long Status4xx,
    long Status5xx,
    double? AvgUpstreamLatencyMs);

/// <summary>One bucket that saw traffic: its start and its figures.</summary>
public sealed record TrafficPoint(DateTimeOffset Time, long BytesIn, long BytesOut, long Connections, long Requests, long Refused);
