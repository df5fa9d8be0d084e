using PortFwd.Data.Traffic;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Traffic;

/// <summary>One reading of a rule's cumulative counters plus what is open right now.</summary>
public readonly record struct TrafficReading(TrafficCounts Counts, long ActiveConnections, long ActiveUdpSessions, long ActiveRequests)
{
    public long Active => ActiveConnections + ActiveUdpSessions + ActiveRequests;
}

/// <summary>
/// Where per-rule counters live (the relay, the HTTP port hosts): the only way the sampler reaches them.
/// Reading is O(rules) and lock-free.
/// </summary>
public interface ITrafficSource
{
    /// <summary>Clears <paramref name="into"/> and fills it with the cumulative counters of every rule this source runs.</summary>
    void Read(List<(int RuleId, TrafficReading Reading)> into);

    /// <summary>Drops the counters of a deleted rule, so they neither linger nor come back as traffic.</summary>
    void Forget(int ruleId);
}

/// <summary>The TCP/UDP relay's counters.</summary>
public sealed class RelayTrafficSource(RelayEngine relay) : ITrafficSource
{
    private readonly List<(int RuleId, RelayCounters Counters)> _snapshot = [];

    public void Read(List<(int RuleId, TrafficReading Reading)> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        relay.Snapshot(_snapshot);
        foreach (var (ruleId, c) in _snapshot)
        {
            into.Add((ruleId, new TrafficReading(
                new TrafficCounts
                {
                    BytesIn = c.BytesClientToTarget,
                    BytesOut = c.BytesTargetToClient,
                    // A UDP session is the datagram counterpart of a connection.
                    Connections = c.TcpAccepted + c.UdpSessionsOpened,
                    // Refused by the allow-list, the blocklist or a limit: datagrams over the rate limit are dropped.
                    Refused = c.TcpRefused + c.UdpRefused + c.UdpRateLimited,
                    UpstreamFailed = c.TcpUpstreamFailed,
                    IdleClosed = c.TcpIdleClosed,
                    DatagramsIn = c.UdpDatagramsIn,
                    DatagramsOut = c.UdpDatagramsOut,
                },
                c.TcpActive, c.UdpActiveSessions, 0)));
        }
    }

    /// <summary>Nothing to do: the relay drops a rule's counters when it removes the rule.</summary>
    public void Forget(int ruleId)
    {
    }
}

/// <summary>The HTTP rules' counters (YARP port hosts).</summary>
public sealed class HttpTrafficSource(HttpTrafficMeter meter) : ITrafficSource
{
    private readonly List<(int RuleId, HttpCounters Counters)> _snapshot = [];

    public void Read(List<(int RuleId, TrafficReading Reading)> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        meter.Snapshot(_snapshot);
        foreach (var (ruleId, c) in _snapshot)
        {
            into.Add((ruleId, new TrafficReading(
                new TrafficCounts
                {
                    BytesIn = c.BytesIn,
                    BytesOut = c.BytesOut,
                    Refused = c.Refused,
                    UpstreamFailed = c.UpstreamFailed,
                    Requests = c.Requests,
                    Status2xx = c.Status2xx,
                    Status3xx = c.Status3xx,
                    Status4xx = c.Status4xx,
                    Status5xx = c.Status5xx,
                    LatencyMicros = c.LatencyMicros,
                },
                0, 0, c.Active)));
        }
    }

    public void Forget(int ruleId) => meter.Forget(ruleId);
}
