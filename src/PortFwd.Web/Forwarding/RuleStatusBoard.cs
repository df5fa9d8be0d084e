using System.Collections.Concurrent;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// The applied state of every rule, in memory. The reconciler is its only writer; the API and open
/// browser pages read it, and pages follow <see cref="Updates"/>.
/// </summary>
public sealed class RuleStatusBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, RuleStatus> _statuses = new();

    /// <summary>Notified after any rule's status changed (pages subscribe here).</summary>
    public ChangeFeed Updates { get; } = new(time);

    public RuleStatus Get(int ruleId, bool enabled) =>
        _statuses.TryGetValue(ruleId, out var status) ? status
        : enabled ? RuleStatus.Of(RuleState.Pending, RuleStatusMessages.Pending.With(), [], time.GetUtcNow())
        : RuleStatus.Of(RuleState.Disabled, RuleStatusMessages.TurnedOff.With(), [], time.GetUtcNow());

    internal void Set(int ruleId, RuleState state, ValidationMessage? message, IReadOnlyList<string> listening)
    {
        var changed = true;
        _statuses.AddOrUpdate(ruleId,
            _ => RuleStatus.Of(state, message, listening, time.GetUtcNow()),
            (_, old) =>
            {
                // The reconciler hands the same list again when nothing moved (a 10,000-port range need not be compared).
                if (old.State == state && Equals(old.Reason, message) && (ReferenceEquals(old.Listening, listening) || old.Listening.SequenceEqual(listening)))
                {
                    changed = false;
                    return old;
                }

                return RuleStatus.Of(state, message, listening, time.GetUtcNow());
            });
        if (changed)
        {
            Updates.Notify();
        }
    }

    internal void Remove(int ruleId)
    {
        if (_statuses.TryRemove(ruleId, out _))
        {
            Updates.Notify();
        }
    }
}
