using Microsoft.Extensions.Logging;

namespace PortFwd.Relay.Engine;

/// <summary>
/// What the parts of one applied rule (listeners, connections, sessions) read while they run: its
/// id, its current settings, its counters, the log and the clocks. Plain state, no operations: the
/// parts get this and the one collaborator they act on, never the whole rule.
/// </summary>
internal sealed class RuleContext
{
    private volatile RuleSettings _settings;

    public RuleContext(RuleSettings settings, RuleCounters counters, ILogger logger, TimeProvider time, CoarseClock clock)
    {
        _settings = settings;
        RuleId = settings.Spec.RuleId;
        Counters = counters;
        Logger = logger;
        Time = time;
        Clock = clock;
    }

    public int RuleId { get; }

    /// <summary>The settings new connections and sessions use; swapped as a whole when the rule changes in place.</summary>
    public RuleSettings Settings
    {
        get => _settings;
        set => _settings = value;
    }

    public RuleCounters Counters { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public CoarseClock Clock { get; }
}
