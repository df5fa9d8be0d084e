using System.Net.Sockets;
using PortFwd.Relay.Connections;
using PortFwd.Relay.Linux;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tcp;
using PortFwd.Relay.Udp;

namespace PortFwd.Relay.Engine;

/// <summary>
/// One applied rule through its life: opens its listeners, takes a changed spec in place, stops
/// listening, closes its connections and sessions, and is swept. The live connections are in a
/// <see cref="TcpConnectionSet"/>, the UDP sessions in a <see cref="UdpSessionTable"/>; listeners get
/// those (and the rule's <see cref="RuleContext"/>), not the rule.
/// </summary>
internal sealed class AppliedRule
{
    private readonly RelayEngine _engine;
    private readonly RuleContext _rule;
    private readonly TcpConnectionSet _connections;
    private readonly TcpAdmission _admission;
    private readonly UdpSessionTable _sessions;
    private readonly List<ITcpPortListener> _tcpListeners = [];
    private readonly List<UdpPortListener> _udpListeners = [];

    public AppliedRule(RelayEngine engine, RuleSettings settings, RuleCounters counters, RefusalLog refusals)
    {
        _engine = engine;
        _rule = new RuleContext(settings, counters, refusals, engine.ConnectionIds, engine.Logger, engine.Time, engine.Clock, engine.CurrentBlocklist);
        ApplyRateLimits(settings.Spec.Limits);
        _connections = new TcpConnectionSet(_rule);
        _admission = new TcpAdmission(_rule, _connections);
        _sessions = new UdpSessionTable(counters);
    }

    public int RuleId => _rule.RuleId;

    public RuleSettings Settings => _rule.Settings;

    public RuleCounters Counters => _rule.Counters;

    public RefusalLog Refusals => _rule.Refusals;

    public IReadOnlyList<RelayEndpoint> Listening { get; private set; } = [];

    /// <summary>Opens every listener of the rule; on the first failure closes what it opened and returns the error.</summary>
    public async ValueTask<RelayError?> OpenAsync()
    {
        var spec = _rule.Settings.Spec;
        var endpoints = new List<RelayEndpoint>();
        var suffix = spec.Transport == RelayTransport.TcpAndUdp;
        for (var offset = 0; offset < spec.PortCount; offset++)
        {
            var port = spec.ListenPort + offset;
            var transport = RelayTransport.Tcp;
            try
            {
                if (spec.HasTcp)
                {
                    ITcpPortListener tcp = _engine.EpollLoops is { } loops
                        ? EpollTcpListenerGroup.Open(_admission, _rule, loops, spec.ListenAddress, port, offset)
                        : TcpPortListener.Open(_admission, _rule, spec.ListenAddress, port, offset);
                    _tcpListeners.Add(tcp);
                    endpoints.Add(new RelayEndpoint(RelayTransport.Tcp, tcp.LocalEndPoint));

                    // Port 0 (tests): UDP takes the same port TCP was given.
                    port = tcp.LocalEndPoint.Port;
                    _rule.ExternalPorts[offset] = port;
                }

                if (spec.HasUdp)
                {
                    transport = RelayTransport.Udp;
                    var udp = UdpPortListener.Open(_rule, _sessions, spec.ListenAddress, port, offset, _engine.UdpBatch);
                    _udpListeners.Add(udp);
                    _rule.ExternalPorts[offset] = udp.LocalEndPoint.Port;
                    endpoints.Add(new RelayEndpoint(RelayTransport.Udp, udp.LocalEndPoint));
                }
            }
            catch (SocketException e)
            {
                await CloseListenersAsync();
                var transportSuffix = suffix ? (transport == RelayTransport.Tcp ? " (TCP)" : " (UDP)") : string.Empty;
                return BindErrors.Describe(e, transportSuffix, spec.ListenAddress, port);
            }
        }

        foreach (var listener in _tcpListeners)
        {
            listener.Start();
        }

        foreach (var listener in _udpListeners)
        {
            listener.Start();
        }

        Listening = endpoints;
        return null;
    }

    /// <summary>
    /// Applies a changed spec that listens on the same sockets: new connections and sessions use it; a changed
    /// rate limit applies to live connections too (they read the rule's buckets on every read).
    /// </summary>
    public void Update(RuleSettings settings)
    {
        _rule.Settings = settings;
        ApplyRateLimits(settings.Spec.Limits);
    }

    /// <summary>Stops accepting: closes the listeners and the UDP sessions at once.</summary>
    public async Task StopListeningAsync()
    {
        _connections.StopAdmitting();
        await CloseListenersAsync();
        await _sessions.CloseAllAsync();
    }

    /// <summary>
    /// After <see cref="StopListeningAsync"/>: lets TCP connections finish for up to the drain
    /// timeout (when <paramref name="drain"/>), then closes the rest. Cancelling ends the drain early.
    /// </summary>
    /// <returns>How many connections were closed by the relay rather than by their peers.</returns>
    public Task<int> CloseConnectionsAsync(bool drain, CancellationToken ct) =>
        _connections.CloseAllAsync(drain ? _rule.Settings.Spec.Limits.DrainTimeout : null, ct);

    /// <summary>A snapshot of the live TCP connections and UDP sessions.</summary>
    public List<RelayConnectionInfo> GetConnections()
    {
        var clock = new WallClock(_rule.Time);
        var list = new List<RelayConnectionInfo>();
        _connections.ListInto(list, clock);
        _sessions.ListInto(list, clock);
        return list;
    }

    /// <summary>Closes the TCP connection (both legs, with a reset) or drops the UDP session with that id; false when there is none.</summary>
    public bool CloseConnection(long id) => _connections.Close(id) || _sessions.Close(id);

    /// <summary>After the blocklist changed: resets the live connections and drops the UDP sessions of clients it blocks now.</summary>
    public void CloseBlocked(AddressBlocklist blocklist)
    {
        _connections.CloseBlocked(blocklist);
        _sessions.CloseBlocked(blocklist);
    }

    /// <summary>Expires idle UDP sessions, gives up on TCP connects past the timeout and closes idle TCP connections. Runs on the engine's sweeper.</summary>
    public void Sweep(long now)
    {
        var settings = _rule.Settings;
        _sessions.ExpireIdle(now, settings.UdpIdleTicks);
        _connections.TimeOutSlowConnects(now, settings.ConnectTimeoutTicks);
        if (_connections.CloseIdle(now, settings.TcpIdleTicks) is > 0 and var closed)
        {
            RelayLog.IdleClosed(_rule.Logger, _rule.RuleId, closed, settings.TcpIdleTicks / _rule.Time.TimestampFrequency);
        }
    }

    private void ApplyRateLimits(RelayLimits limits)
    {
        _rule.ClientToTargetRate = Rebucket(_rule.ClientToTargetRate, limits.RateLimitInBytesPerSecond);
        _rule.TargetToClientRate = Rebucket(_rule.TargetToClientRate, limits.RateLimitOutBytesPerSecond);
    }

    /// <summary>The bucket for a rate: none for 0, the same one at a new rate, or a new one (full) when there was none.</summary>
    private RateBucket? Rebucket(RateBucket? current, long bytesPerSecond)
    {
        if (bytesPerSecond <= 0)
        {
            return null;
        }

        if (current is null)
        {
            return new RateBucket(bytesPerSecond, _rule.Time);
        }

        if (current.BytesPerSecond != bytesPerSecond)
        {
            current.SetRate(bytesPerSecond);
        }

        return current;
    }

    private async Task CloseListenersAsync()
    {
        var loops = new List<Task>(_tcpListeners.Count + _udpListeners.Count);
        foreach (var listener in _tcpListeners)
        {
            loops.Add(listener.Close());
        }

        foreach (var listener in _udpListeners)
        {
            loops.Add(listener.Close());
        }

        _tcpListeners.Clear();
        _udpListeners.Clear();
        await Task.WhenAll(loops);
    }
}
