using PortFwd.Web.Hosting;

namespace PortFwd.Web.HomeRouter;

/// <summary>
/// The home router and the router part of every rule's status, in memory: the twin of
/// <see cref="Forwarding.RuleStatusBoard"/>. The router connection writes the snapshot, the router-mapping
/// reconciler the rule statuses; the API and open pages read them, and pages follow <see cref="Updates"/>.
/// </summary>
public sealed class RouterStatusBoard(TimeProvider time)
{
    private readonly Lock _gate = new();
    private volatile RouterSnapshot _snapshot = new(RouterState.Searching, RouterMessages.Searching.With());
    private volatile IReadOnlyDictionary<int, RouterRuleStatus> _rules = new Dictionary<int, RouterRuleStatus>();

    /// <summary>Notified after the router or a rule's router status changed (pages subscribe here).</summary>
    public ChangeFeed Updates { get; } = new(time);

    public RouterSnapshot Snapshot => _snapshot;

    /// <summary>Every rule's router status; a new dictionary each time one changes, so a page can tell by reference.</summary>
    public IReadOnlyDictionary<int, RouterRuleStatus> RuleStatuses => _rules;

    /// <summary>The router part of a rule's status; null for rules not marked "Open on router" (or turned off).</summary>
    public RouterRuleStatus? StatusFor(int ruleId) => _rules.GetValueOrDefault(ruleId);

    internal void SetSnapshot(RouterSnapshot snapshot)
    {
        _snapshot = snapshot;
        Updates.Notify();
    }

    /// <summary>Replaces every rule's router status; rules left out have none.</summary>
    internal void SetRuleStatuses(IReadOnlyDictionary<int, RouterRuleStatus> statuses)
    {
        lock (_gate)
        {
            var old = _rules;
            if (old.Count == statuses.Count && statuses.All(s => s.Value.SameAs(old.GetValueOrDefault(s.Key))))
            {
                return;
            }

            _rules = statuses;
        }

        Updates.Notify();
    }
}
