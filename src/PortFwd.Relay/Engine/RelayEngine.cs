using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortFwd.Relay.Connections;
using PortFwd.Relay.Linux;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Engine;

/// <summary>Resolves a rule's target host name to its addresses; a name that does not exist throws <see cref="System.Net.Sockets.SocketException"/>.</summary>
public delegate Task<IPAddress[]> HostLookup(string hostName, CancellationToken cancellationToken);

/// <summary>
/// The user-space TCP/UDP relay: opens, replaces and closes the listeners of forwarding rules at
/// run time and keeps per-rule counters. Errors a user can act on are returned as values from
/// <see cref="ApplyAsync"/>, never thrown. Thread-safe; apply and remove calls are serialized.
/// </summary>
/// <remarks>
/// One timer per engine (the sweeper, once a second) expires idle UDP sessions, gives up on slow
/// TCP connects and closes idle TCP connections; connections carry no timers of their own. On Linux, setting the environment
/// variable <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> before the first socket is created
/// lets the copy loops run on the socket event thread, which lowers latency noticeably.
/// </remarks>
public sealed class RelayEngine : IAsyncDisposable
{
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private readonly Dictionary<int, AppliedRule> _rules = [];
    private readonly ITimer _sweeper;
    private readonly Lock _sweepLock = new();

    // Copy-on-write view for lock-free readers (counters, snapshot, ids).
    private volatile RuleView _view = RuleView.Empty;
    private bool _disposed;
    private EpollLoop[]? _epollLoops;

    /// <summary>Creates an engine with no rules.</summary>
    /// <param name="logger">Where rule changes and failures are logged; null logs nothing.</param>
    /// <param name="time">Clock for timeouts and the sweeper; null uses <see cref="TimeProvider.System"/>.</param>
    /// <param name="tcpTransport">How TCP is carried; <see cref="RelayTcpTransport.Epoll"/> throws <see cref="PlatformNotSupportedException"/> where it cannot run.</param>
    /// <param name="lookup">How a target host name is resolved; null uses the system's resolver.</param>
    /// <param name="eventLoops">Threads the epoll transport runs TCP on; 0 is one per core, at most <see cref="MaxAutomaticEventLoops"/>.</param>
    /// <param name="splice">Epoll transport: bulk transfers move socket → pipe → socket in the kernel (splice) once a read fills the copy buffer.</param>
    /// <param name="udpBatch">Linux: UDP datagrams move up to 32 per system call (recvmmsg, sendmmsg); ignored where those calls are missing.</param>
    /// <param name="tcpIdleTimeout">
    /// How long a TCP connection of a rule that sets no <see cref="RelayLimits.TcpIdleTimeout"/> may move no byte before it
    /// is closed; null is <see cref="RelayLimits.DefaultTcpIdleTimeout"/>, <see cref="TimeSpan.Zero"/> never closes one.
    /// </param>
    public RelayEngine(ILogger<RelayEngine>? logger = null, TimeProvider? time = null, RelayTcpTransport tcpTransport = RelayTcpTransport.Automatic,
        HostLookup? lookup = null, int eventLoops = 0, bool splice = false, bool udpBatch = true, TimeSpan? tcpIdleTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(eventLoops);
        if (tcpIdleTimeout is { } idle)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(idle, TimeSpan.Zero, nameof(tcpIdleTimeout));
        }

        TcpIdleTimeout = tcpIdleTimeout ?? RelayLimits.DefaultTcpIdleTimeout;
        if (tcpTransport == RelayTcpTransport.Epoll && !LinuxSockets.IsSupported)
        {
            throw new PlatformNotSupportedException("The epoll TCP transport needs Linux on x86, x86-64, ARM or ARM64.");
        }

        TcpTransport = tcpTransport == RelayTcpTransport.Automatic
            ? (LinuxSockets.IsSupported ? RelayTcpTransport.Epoll : RelayTcpTransport.Sockets)
            : tcpTransport;
        Splice = splice && TcpTransport == RelayTcpTransport.Epoll;
        UdpBatch = udpBatch && Udp.DatagramBatch.IsAvailable;
        EventLoops = TcpTransport != RelayTcpTransport.Epoll ? 0
            : eventLoops > 0 ? eventLoops
            : Math.Clamp(Environment.ProcessorCount, 1, MaxAutomaticEventLoops);
        Logger = logger ?? NullLogger<RelayEngine>.Instance;
        Time = time ?? TimeProvider.System;
        ResolveHost = lookup ?? Dns.GetHostAddressesAsync;

        Clock = new CoarseClock(Time);
        _sweeper = Time.CreateTimer(static state => ((RelayEngine)state!).Sweep(), this, SweepPeriod, SweepPeriod);
    }

    /// <summary>The most event loops chosen automatically (one per core up to this).</summary>
    public const int MaxAutomaticEventLoops = 8;

    /// <summary>The TCP transport in use (never <see cref="RelayTcpTransport.Automatic"/>).</summary>
    public RelayTcpTransport TcpTransport { get; }

    /// <summary>How many event loops carry TCP with the epoll transport (0 with the sockets transport).</summary>
    public int EventLoops { get; }

    /// <summary>The TCP idle timeout of rules that set none (<see cref="TimeSpan.Zero"/>: idle connections stay open).</summary>
    public TimeSpan TcpIdleTimeout { get; }

    /// <summary>Bulk TCP transfers are spliced in the kernel (epoll transport only).</summary>
    public bool Splice { get; }

    /// <summary>UDP datagrams are received and sent in batches (Linux recvmmsg and sendmmsg); false where those calls are missing.</summary>
    public bool UdpBatch { get; }

    /// <summary>
    /// The global blocklist, checked at every TCP accept and every datagram that would open a UDP session, before the
    /// rule's allow-list: a blocked client is reset (TCP) or its datagram dropped (UDP), and counted as refused. Setting
    /// it also resets the live connections and drops the UDP sessions of every client it blocks. Any thread.
    /// </summary>
    public AddressBlocklist Blocklist
    {
        get => CurrentBlocklist.Value;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            CurrentBlocklist.Value = value;
            foreach (var rule in _view.Rules)
            {
                rule.CloseBlocked(value);
            }
        }
    }

    /// <summary>The slot every applied rule reads the blocklist from.</summary>
    internal CurrentBlocklist CurrentBlocklist { get; } = new();

    /// <summary>Ids of the rules currently applied.</summary>
    public IReadOnlyCollection<int> RuleIds => _view.Ids;

    internal ILogger Logger { get; }

    /// <summary>Host name lookup (the constructor's <c>lookup</c>); tests give one so no query leaves the machine.</summary>
    internal HostLookup ResolveHost { get; }

    internal TimeProvider Time { get; }

    /// <summary>The event loop TCP rules run on with the epoll transport, started with the first one; null with sockets. Caller holds the apply lock.</summary>
    internal IReadOnlyList<EpollLoop>? EpollLoops => TcpTransport == RelayTcpTransport.Epoll
        ? _epollLoops ??= [.. Enumerable.Range(0, EventLoops).Select(i => new EpollLoop(Logger, EventLoops == 1 ? null : i, Splice))]
        : null;

    /// <summary>Timestamp of the last sweep; what connections and UDP sessions record as their last activity.</summary>
    internal CoarseClock Clock { get; }

    /// <summary>Where every rule's connections and sessions take their ids from.</summary>
    internal ConnectionIds ConnectionIds { get; } = new();

    /// <summary>
    /// Opens the rule's listeners, or replaces them if the spec changed; a spec equal to the applied
    /// one is a no-op. A change that listens on the same sockets (target, allow-list, limits) is
    /// applied in place: live connections keep flowing and new ones use the new spec. Any other
    /// change closes the old listeners and connections and opens new ones. If any port of a range
    /// cannot be opened, the ports already opened are closed again and the rule is not applied.
    /// </summary>
    /// <returns>Success with the listening endpoints, or an error such as "port 8080 is already in use by another program".</returns>
    public async ValueTask<RelayApplyResult> ApplyAsync(RelayRule rule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rule);
        await _applyLock.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var result = await ApplyCoreAsync(rule, ct);
            if (!result.IsSuccess)
            {
                RelayLog.RuleFailed(Logger, rule.RuleId, rule.Name, result.Error.Message);
            }

            return result;
        }
        finally
        {
            _applyLock.Release();
        }
    }

    /// <summary>
    /// Closes the rule's listeners and UDP sessions at once, then its live TCP connections
    /// (immediately, or once they end or the rule's drain timeout passes, whichever is first).
    /// Other rules can be applied while a removed rule drains; cancelling ends the drain early.
    /// Unknown ids are ignored.
    /// </summary>
    public async ValueTask RemoveAsync(int ruleId, CancellationToken ct)
    {
        AppliedRule? removed;
        await _applyLock.WaitAsync(ct);
        try
        {
            removed = await DetachAsync(ruleId);
        }
        finally
        {
            _applyLock.Release();
        }

        if (removed is not null)
        {
            await CloseConnectionsAsync(removed, drain: true, ct);
        }
    }

    /// <summary>A snapshot of one rule's counters, or null if the rule is not applied.</summary>
    public RelayCounters? GetCounters(int ruleId) =>
        _view.ById.TryGetValue(ruleId, out var rule) ? rule.Counters.Read() : null;

    /// <summary>
    /// A snapshot of the rule's live TCP connections and UDP sessions, in no particular order; empty when
    /// the rule is not applied. Reading it takes the rule's connection and session locks briefly, never the byte path.
    /// </summary>
    public IReadOnlyList<RelayConnectionInfo> GetConnections(int ruleId) =>
        _view.ById.TryGetValue(ruleId, out var rule) ? rule.GetConnections() : [];

    /// <summary>
    /// Closes one connection of the rule: a TCP connection loses both legs (the client and the target see a
    /// reset), a UDP session is dropped (the client's next datagram opens a new one). False when the rule or
    /// the connection is not there (any more).
    /// </summary>
    public bool CloseConnection(int ruleId, long connectionId) =>
        _view.ById.TryGetValue(ruleId, out var rule) && rule.CloseConnection(connectionId);

    /// <summary>
    /// The rule's last refused attempts (at most 100), newest first: clients refused at accept (TCP) or whose
    /// datagrams were dropped before a session opened (UDP). Empty when the rule is not applied. Kept across
    /// changes of the rule, as its counters are.
    /// </summary>
    public IReadOnlyList<RefusedAttempt> GetRefusedAttempts(int ruleId) =>
        _view.ById.TryGetValue(ruleId, out var rule) ? rule.Refusals.Read() : [];

    /// <summary>
    /// Clears <paramref name="into"/> and fills it with the counters of every applied rule; O(rules),
    /// and allocation-free when the list has the capacity.
    /// </summary>
    public void Snapshot(List<(int RuleId, RelayCounters Counters)> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        foreach (var rule in _view.Rules)
        {
            into.Add((rule.RuleId, rule.Counters.Read()));
        }
    }

    /// <summary>Stops accepting on every rule and closes all connections and sessions (draining as each rule allows).</summary>
    public async ValueTask DisposeAsync()
    {
        await _applyLock.WaitAsync(CancellationToken.None);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _sweeper.DisposeAsync();
            var closing = new List<Task>();
            foreach (var id in _rules.Keys.ToArray())
            {
                closing.Add(RemoveCoreAsync(id, drain: true, CancellationToken.None));
            }

            await Task.WhenAll(closing);
            foreach (var loop in _epollLoops ?? [])
            {
                loop.Dispose();
            }
        }
        finally
        {
            _applyLock.Release();
        }
    }

    /// <summary>Runs one sweep now (tests drive the clock and call this through the timer).</summary>
    internal void Sweep()
    {
        // Timer callbacks can overlap if a sweep is slow; one at a time is enough.
        if (!_sweepLock.TryEnter())
        {
            return;
        }

        try
        {
            var now = Clock.Advance();
            foreach (var rule in _view.Rules)
            {
                rule.Sweep(now);
            }
        }
        finally
        {
            _sweepLock.Exit();
        }
    }

    private async Task<RelayApplyResult> ApplyCoreAsync(RelayRule rule, CancellationToken ct)
    {
        if (Validate(rule) is { } invalid)
        {
            await RemoveCoreAsync(rule.RuleId, drain: false, ct);
            return RelayApplyResult.Fail(invalid);
        }

        _rules.TryGetValue(rule.RuleId, out var existing);
        if (existing is not null && existing.Settings.Spec.Equals(rule))
        {
            return RelayApplyResult.Ok(existing.Listening);
        }

        var target = await ResolveAsync(rule.TargetHost, ct);
        if (target is null)
        {
            await RemoveCoreAsync(rule.RuleId, drain: false, ct);
            return RelayApplyResult.Fail(new RelayError(RelayErrorKind.TargetNotResolved, $"target host name '{rule.TargetHost}' does not resolve")
            {
                Code = "TargetNotResolved", Arguments = [rule.TargetHost],
            });
        }

        var settings = new RuleSettings(rule, target, Time, TcpIdleTimeout);
        if (existing is not null && existing.Settings.Spec.ListensLike(rule))
        {
            existing.Update(settings);
            RelayLog.RuleUpdated(Logger, rule.RuleId, rule.Name);
            return RelayApplyResult.Ok(existing.Listening);
        }

        // Counters and refusals are per rule id and survive a replacement.
        var counters = existing?.Counters ?? new RuleCounters();
        var refusals = existing?.Refusals ?? new RefusalLog(Time);
        if (existing is not null)
        {
            await RemoveCoreAsync(rule.RuleId, drain: false, ct);
        }

        var applied = new AppliedRule(this, settings, counters, refusals);
        if (await applied.OpenAsync() is { } error)
        {
            return RelayApplyResult.Fail(error);
        }

        _rules[rule.RuleId] = applied;
        PublishView();
        RelayLog.RuleApplied(Logger, rule.RuleId, rule.Name, string.Join(", ", applied.Listening));
        return RelayApplyResult.Ok(applied.Listening);
    }

    private async Task RemoveCoreAsync(int ruleId, bool drain, CancellationToken ct)
    {
        if (await DetachAsync(ruleId) is { } removed)
        {
            await CloseConnectionsAsync(removed, drain, ct);
        }
    }

    /// <summary>Forgets the rule and stops its listeners; caller holds the apply lock.</summary>
    private async Task<AppliedRule?> DetachAsync(int ruleId)
    {
        if (!_rules.Remove(ruleId, out var rule))
        {
            return null;
        }

        // Listeners first: once the rule is gone from RuleIds, its ports are closed.
        await rule.StopListeningAsync();
        PublishView();
        return rule;
    }

    private async Task CloseConnectionsAsync(AppliedRule rule, bool drain, CancellationToken ct)
    {
        var closed = await rule.CloseConnectionsAsync(drain, ct);
        RelayLog.RuleRemoved(Logger, rule.RuleId, rule.Settings.Spec.Name, closed);
    }

    private void PublishView() => _view = new RuleView(_rules);

    private static RelayError? Validate(RelayRule rule) => InvalidBecause(rule) is { } message
        ? new RelayError(RelayErrorKind.InvalidRule, message)
        : null;

    private static string? InvalidBecause(RelayRule rule)
    {
        if (rule.ListenPort == 0 && rule.ListenPortEnd == 0)
        {
            return rule.TargetPort is < 1 or > 65535 ? $"internal port {rule.TargetPort} is not between 1 and 65535" : null;
        }

        if (rule.ListenPort is < 1 or > 65535 || rule.ListenPortEnd is < 1 or > 65535)
        {
            return $"external port {rule.ListenPort}-{rule.ListenPortEnd} is not between 1 and 65535";
        }

        if (rule.ListenPortEnd < rule.ListenPort)
        {
            return $"external port range {rule.ListenPort}-{rule.ListenPortEnd} ends before it starts";
        }

        if (rule.TargetPort < 1 || rule.TargetPort + rule.PortCount - 1 > 65535)
        {
            return $"internal ports {rule.TargetPort}-{rule.TargetPort + rule.PortCount - 1} are not between 1 and 65535";
        }

        if (rule.Limits.MaxTcpConnections < 1 || rule.Limits.MaxUdpSessions < 1)
        {
            return "connection and session limits must be at least 1";
        }

        if (rule.Limits.MaxConnectionsPerSource < 0 || rule.Limits.RateLimitInBytesPerSecond < 0 || rule.Limits.RateLimitOutBytesPerSecond < 0)
        {
            return "the per-source connection limit and the rate limits must be 0 (none) or more";
        }

        return null;
    }

    private async Task<IPAddress?> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        try
        {
            var addresses = await ResolveHost(host, ct);

            // Prefer IPv4, as a router does; fall back to whatever the name has.
            return Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? (addresses.Length > 0 ? addresses[0] : null);
        }
        catch (SocketException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private sealed class RuleView
    {
        public static readonly RuleView Empty = new(new Dictionary<int, AppliedRule>());

        public RuleView(Dictionary<int, AppliedRule> rules)
        {
            ById = new Dictionary<int, AppliedRule>(rules);
            Rules = [.. rules.Values];
            Ids = [.. rules.Keys];
        }

        public Dictionary<int, AppliedRule> ById { get; }

        public AppliedRule[] Rules { get; }

        public int[] Ids { get; }
    }
}
