using System.Net;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Engine;

/// <summary>
/// The resolved, immutable form of a <see cref="RelayRule"/> the hot paths read. Swapped as a whole
/// when a rule changes in place, so a connection sees one consistent version.
/// </summary>
internal sealed class RuleSettings
{
    /// <param name="spec">The rule.</param>
    /// <param name="targetAddress">Its target host, resolved.</param>
    /// <param name="time">The clock whose ticks the timeouts are kept in.</param>
    /// <param name="defaultTcpIdleTimeout">The engine's TCP idle timeout, for a rule that sets none; null is <see cref="RelayLimits.DefaultTcpIdleTimeout"/>.</param>
    public RuleSettings(RelayRule spec, IPAddress targetAddress, TimeProvider time, TimeSpan? defaultTcpIdleTimeout = null)
    {
        Spec = spec;
        Targets = new IPEndPoint[spec.PortCount];
        TargetSockAddrs = new byte[spec.PortCount][];
        for (var i = 0; i < Targets.Length; i++)
        {
            Targets[i] = new IPEndPoint(targetAddress, spec.TargetPort + i);
            TargetSockAddrs[i] = Linux.LinuxSockets.ToSockAddr(Targets[i]);
        }

        Allowed = [.. spec.AllowedSources];
        MaxTcpConnections = spec.Limits.MaxTcpConnections;
        MaxUdpSessions = spec.Limits.MaxUdpSessions;
        MaxConnectionsPerSource = spec.Limits.MaxConnectionsPerSource;
        ProxyProtocol = spec.HasTcp ? spec.ProxyProtocol : ProxyProtocolVersion.Off;
        ConnectTimeoutTicks = ToTicks(spec.Limits.EffectiveConnectTimeout, time);
        UdpIdleTicks = ToTicks(spec.Limits.EffectiveUdpIdleTimeout, time);
        TcpIdleTicks = ToTicks(spec.Limits.TcpIdleTimeout ?? defaultTcpIdleTimeout ?? RelayLimits.DefaultTcpIdleTimeout, time);
    }

    public RelayRule Spec { get; }

    /// <summary>Target endpoint per port offset of the range.</summary>
    public IPEndPoint[] Targets { get; }

    /// <summary>The same targets as struct sockaddr, for the epoll transport's connect.</summary>
    public byte[][] TargetSockAddrs { get; }

    public IPNetwork[] Allowed { get; }

    public int MaxTcpConnections { get; }

    public int MaxUdpSessions { get; }

    /// <summary>Concurrent TCP connections from one client address; 0 is no limit (nothing is counted per source).</summary>
    public int MaxConnectionsPerSource { get; }

    /// <summary>The PROXY protocol header new TCP connections send to the target first.</summary>
    public ProxyProtocolVersion ProxyProtocol { get; }

    public long ConnectTimeoutTicks { get; }

    public long UdpIdleTicks { get; }

    /// <summary>How long a TCP connection may move no byte before it is closed; 0 never closes one.</summary>
    public long TcpIdleTicks { get; }

    public bool IsAllowed(IPAddress source) => SourceFilter.Admits(Allowed, source);

    private static long ToTicks(TimeSpan span, TimeProvider time) =>
        (long)(span.TotalSeconds * time.TimestampFrequency);
}
