using System.Collections.Concurrent;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Reachability;

/// <summary>
/// The last reachability check of every rule, in memory: the one running (its steps so far) or the last finished.
/// The checker is its only writer; the rules table, the traffic page and the API read it, and pages follow <see cref="Updates"/>.
/// </summary>
public sealed class ReachabilityBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, ReachabilityReport> _reports = new();

    /// <summary>Notified after a step answered or a check began or ended.</summary>
    public ChangeFeed Updates { get; } = new(time);

    /// <summary>The rule's running or last check; null when none ran since the panel started.</summary>
    public ReachabilityReport? Get(int ruleId) => _reports.GetValueOrDefault(ruleId);

    internal void Set(ReachabilityReport report)
    {
        _reports[report.RuleId] = report;
        Updates.Notify();
    }

    /// <summary>The rule is gone: so is its last check.</summary>
    public void Forget(int ruleId)
    {
        if (_reports.TryRemove(ruleId, out _))
        {
            Updates.Notify();
        }
    }
}
