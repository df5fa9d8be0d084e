using Microsoft.Extensions.Logging;
using PortFwd.Relay.Connections;

namespace PortFwd.Relay.Engine;

/// <summary>
/// What the parts of one applied rule (listeners, connections, sessions) read while they run: its
/// id, its current settings, the global blocklist, its counters and refusal record, the log, the clocks and where
/// connection ids come from. Plain state, no operations: the
/// parts get this and the one collaborator they act on, never the whole rule.
/// </summary>
internal sealed class RuleContext
{
    private readonly CurrentBlocklist _blocklist;
    private volatile RuleSettings _settings;

    public RuleContext(RuleSettings settings, RuleCounters counters, RefusalLog refusals, ConnectionIds ids, ILogger logger, TimeProvider time, CoarseClock clock, CurrentBlocklist? blocklist = null)
    {
        _blocklist = blocklist ?? new CurrentBlocklist();
        _settings = settings;
        RuleId = settings.Spec.RuleId;
        Counters = counters;
        Refusals = refusals;
        Ids = ids;
        ExternalPorts = [.. Enumerable.Range(settings.Spec.ListenPort, settings.Spec.PortCount)];
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

    /// <summary>The last refused attempts; whatever refuses a client records it here, in one call.</summary>
    public RefusalLog Refusals { get; }

    /// <summary>The engine's connection ids, shared by all its rules.</summary>
    public ConnectionIds Ids { get; }

    /// <summary>The port listened on at each offset of the range (the one the system picked, for port 0); set as the listeners open.</summary>
    public int[] ExternalPorts { get; }

    /// <summary>The engine's global blocklist, checked before the allow-list of <see cref="Settings"/>.</summary>
    public Rules.AddressBlocklist Blocklist => _blocklist.Value;

    /// <summary>The budget of bytes from clients to the target; null (and free) when the rule has no limit that way.</summary>
    public RateBucket? ClientToTargetRate { get; set; }

    /// <summary>The budget of bytes from the target back to clients; null when the rule has no limit that way.</summary>
    public RateBucket? TargetToClientRate { get; set; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public CoarseClock Clock { get; }
}
