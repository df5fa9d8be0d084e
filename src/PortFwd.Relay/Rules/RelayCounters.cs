namespace PortFwd.Relay.Rules;

/// <summary>
/// A snapshot of one rule's counters. Byte and datagram counts are cumulative since the rule was
/// first applied (they survive an in-place change of the rule); <c>Active</c> values are gauges.
/// </summary>
/// <param name="BytesClientToTarget">Bytes delivered from clients to the target (TCP and UDP payload).</param>
/// <param name="BytesTargetToClient">Bytes delivered from the target back to clients.</param>
/// <param name="TcpAccepted">TCP connections accepted and passed the allow-list and cap.</param>
/// <param name="TcpActive">TCP connections open now.</param>
/// <param name="TcpRefused">TCP connections refused by the allow-list or the connection cap.</param>
/// <param name="TcpUpstreamFailed">TCP connections whose connect to the target failed or timed out.</param>
/// <param name="UdpDatagramsIn">Datagrams forwarded from clients to the target.</param>
/// <param name="UdpDatagramsOut">Datagrams forwarded from the target back to clients.</param>
/// <param name="UdpActiveSessions">UDP sessions open now.</param>
/// <param name="UdpRefused">Datagrams dropped because the source is not in the allow-list.</param>
/// <param name="UdpSessionsOpened">UDP sessions opened (one per client address and port, each time it starts talking).</param>
/// <param name="UdpRateLimited">Datagrams dropped because the rule's rate limit (either direction) had no budget for them.</param>
/// <param name="TcpIdleClosed">TCP connections the relay closed because no byte moved either way for the idle timeout.</param>
public readonly record struct RelayCounters(
    long BytesClientToTarget,
    long BytesTargetToClient,
    long TcpAccepted,
    long TcpActive,
    long TcpRefused,
    long TcpUpstreamFailed,
    long UdpDatagramsIn,
    long UdpDatagramsOut,
    long UdpActiveSessions,
    long UdpRefused,
    long UdpSessionsOpened,
    long UdpRateLimited = 0,
    long TcpIdleClosed = 0);
