using System.Net;

namespace PortFwd.Relay.Rules;

/// <summary>Which transports a relay rule carries.</summary>
public enum RelayTransport
{
    /// <summary>TCP only.</summary>
    Tcp,

    /// <summary>UDP only.</summary>
    Udp,

    /// <summary>TCP and UDP on the same ports.</summary>
    TcpAndUdp,
}

/// <summary>
/// What the relay should do for one forwarding rule: listen on <see cref="ListenAddress"/> at ports
/// <see cref="ListenPort"/>..<see cref="ListenPortEnd"/> (inclusive) and forward external port N+i to
/// <see cref="TargetHost"/> port <see cref="TargetPort"/>+i.
/// </summary>
/// <param name="RuleId">Identity of the rule; one applied spec per id.</param>
/// <param name="Name">Shown in logs only.</param>
/// <param name="Transport">TCP, UDP or both.</param>
/// <param name="ListenAddress">Local address to listen on; <see cref="IPAddress.IPv6Any"/> listens on IPv4 and IPv6.</param>
/// <param name="ListenPort">First external port. 0 (with <paramref name="ListenPortEnd"/> 0) picks a free port, for tests.</param>
/// <param name="ListenPortEnd">Last external port, inclusive; equal to <paramref name="ListenPort"/> for one port.</param>
/// <param name="TargetHost">Internal host: an IP address or a host name, resolved when the rule is applied.</param>
/// <param name="TargetPort">First internal port; a range maps one to one.</param>
/// <param name="AllowedSources">Source networks allowed to connect; empty means anyone.</param>
/// <param name="Limits">Per-rule limits and timeouts.</param>
/// <param name="ProxyProtocol">TCP: whether each backend connection starts with a PROXY protocol header naming the client.</param>
public sealed record RelayRule(
    int RuleId,
    string Name,
    RelayTransport Transport,
    IPAddress ListenAddress,
    int ListenPort,
    int ListenPortEnd,
    string TargetHost,
    int TargetPort,
    IReadOnlyList<IPNetwork> AllowedSources,
    RelayLimits Limits,
    ProxyProtocolVersion ProxyProtocol = ProxyProtocolVersion.Off)
{
    /// <summary>Number of ports in the range.</summary>
    public int PortCount => ListenPortEnd - ListenPort + 1;

    /// <summary>True when the rule carries TCP.</summary>
    public bool HasTcp => Transport is RelayTransport.Tcp or RelayTransport.TcpAndUdp;

    /// <summary>True when the rule carries UDP.</summary>
    public bool HasUdp => Transport is RelayTransport.Udp or RelayTransport.TcpAndUdp;

    /// <summary>Value equality, comparing <see cref="AllowedSources"/> element by element.</summary>
    public bool Equals(RelayRule? other) =>
        other is not null
        && RuleId == other.RuleId
        && Name == other.Name
        && Transport == other.Transport
        && ListenAddress.Equals(other.ListenAddress)
        && ListenPort == other.ListenPort
        && ListenPortEnd == other.ListenPortEnd
        && string.Equals(TargetHost, other.TargetHost, StringComparison.OrdinalIgnoreCase)
        && TargetPort == other.TargetPort
        && AllowedSources.SequenceEqual(other.AllowedSources)
        && Limits == other.Limits
        && ProxyProtocol == other.ProxyProtocol;

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(RuleId, Transport, ListenAddress, ListenPort, ListenPortEnd, TargetPort, AllowedSources.Count, Limits);

    /// <summary>True when both specs listen on exactly the same sockets (so a change can be applied in place).</summary>
    internal bool ListensLike(RelayRule other) =>
        Transport == other.Transport
        && ListenAddress.Equals(other.ListenAddress)
        && ListenPort == other.ListenPort
        && ListenPortEnd == other.ListenPortEnd
        && ListenPort != 0;
}

/// <summary>
/// Which PROXY protocol header (HAProxy's proxy-protocol.txt) a TCP rule sends first on each backend connection,
/// so the service behind it sees the client's address and port and the address and port the client connected to.
/// </summary>
/// <remarks>One byte: every live TCP connection of the epoll transport keeps its rule's version.</remarks>
public enum ProxyProtocolVersion : byte
{
    /// <summary>No header: the backend sees the relay as the client.</summary>
    Off,

    /// <summary>The text header: <c>PROXY TCP4 client-ip listen-ip client-port listen-port\r\n</c> (TCP6 for IPv6).</summary>
    V1,

    /// <summary>The binary header: 12-byte signature, version and command, family, length, addresses and ports.</summary>
    V2,
}

/// <summary>Per-rule limits. Null timeouts take the documented defaults.</summary>
/// <param name="MaxTcpConnections">Concurrent TCP connections; more are refused and counted.</param>
/// <param name="ConnectTimeout">Time allowed to connect to the target; default 5 s.</param>
/// <param name="UdpIdleTimeout">A UDP session with no datagram either way for this long is closed; default 60 s.</param>
/// <param name="MaxUdpSessions">UDP sessions per rule; at the cap the oldest idle session is evicted.</param>
/// <param name="DrainTimeout">On removal, time live TCP connections may keep flowing; null closes them at once.</param>
/// <param name="MaxConnectionsPerSource">Concurrent TCP connections from one client address; 0 is no limit. More are refused and counted.</param>
/// <param name="RateLimitInBytesPerSecond">Bytes per second from clients to the target, shared by the rule's connections and sessions; 0 is no limit.</param>
/// <param name="RateLimitOutBytesPerSecond">Bytes per second from the target back to clients, shared likewise; 0 is no limit.</param>
/// <param name="TcpIdleTimeout">
/// A TCP connection that moved no byte either way for this long is closed on both sides; null takes the engine's
/// default (<see cref="DefaultTcpIdleTimeout"/> unless configured), <see cref="TimeSpan.Zero"/> never closes one.
/// </param>
/// <remarks>
/// Over a rate limit, TCP is paced (the relay stops reading that side until the budget allows; no byte is dropped);
/// UDP datagrams over the budget are dropped and counted in <see cref="RelayCounters.UdpRateLimited"/>.
/// </remarks>
public sealed record RelayLimits(
    int MaxTcpConnections = 1024,
    TimeSpan? ConnectTimeout = null,
    TimeSpan? UdpIdleTimeout = null,
    int MaxUdpSessions = 4096,
    TimeSpan? DrainTimeout = null,
    int MaxConnectionsPerSource = 0,
    long RateLimitInBytesPerSecond = 0,
    long RateLimitOutBytesPerSecond = 0,
    TimeSpan? TcpIdleTimeout = null)
{
    /// <summary>The defaults: 1024 connections, 5 s connect, 60 s UDP idle, 4096 sessions, close at once.</summary>
    public static RelayLimits Default { get; } = new();

    /// <summary>Default time allowed to connect to the target.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Default TCP idle timeout: 2 h 4 min, the least a NAT may keep an idle established connection (RFC 5382), so the
    /// relay cuts nothing a home router in its place would have kept.
    /// </summary>
    public static readonly TimeSpan DefaultTcpIdleTimeout = TimeSpan.FromSeconds(7440);

    /// <summary>Default UDP session idle timeout.</summary>
    public static readonly TimeSpan DefaultUdpIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary><see cref="ConnectTimeout"/> or its default.</summary>
    public TimeSpan EffectiveConnectTimeout => ConnectTimeout ?? DefaultConnectTimeout;

    /// <summary><see cref="UdpIdleTimeout"/> or its default.</summary>
    public TimeSpan EffectiveUdpIdleTimeout => UdpIdleTimeout ?? DefaultUdpIdleTimeout;
}
