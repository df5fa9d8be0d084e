using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Bench;

/// <summary>
/// Gives memory back after a burst: when the relay has carried traffic and then been quiet for
/// two ticks, runs one aggressive (compacting, decommitting) GC. A long-running relay otherwise
/// keeps the heap it grew during its busiest second.
/// </summary>
internal sealed class QuietTrimmer : IDisposable
{
    private readonly RelayEngine _engine;
    private readonly ITimer _timer;
    private readonly List<(int RuleId, RelayCounters Counters)> _snapshot = new(4);
    private long _lastActivity = -1;
    private int _quietTicks;
    private bool _dirty;

    public QuietTrimmer(RelayEngine engine, TimeSpan period)
    {
        _engine = engine;
        _timer = TimeProvider.System.CreateTimer(_ => Tick(), null, period, period);
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        _engine.Snapshot(_snapshot);
        long activity = 0;
        foreach (var (_, c) in _snapshot)
        {
            activity += c.TcpAccepted + c.BytesClientToTarget + c.BytesTargetToClient + c.UdpDatagramsIn + c.UdpDatagramsOut;
        }

        if (activity != _lastActivity)
        {
            _dirty |= _lastActivity >= 0;
            _lastActivity = activity;
            _quietTicks = 0;
            return;
        }

        if (_dirty && ++_quietTicks >= 2)
        {
            _dirty = false;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }
}
