using System.Globalization;
using PortFwd.Core.Rules;
using PortFwd.Nat;

namespace PortFwd.Web.HomeRouter;

/// <summary>The router part of a rule's status, in words, from the router snapshot and the keeper's mappings.</summary>
public static class RouterRuleStatusText
{
    /// <param name="rule">A rule marked "Open on router".</param>
    /// <param name="snapshot">What is known of the router.</param>
    /// <param name="ports">The router ports the rule wants (empty before the first pass with a router).</param>
    /// <param name="kept">The mappings the keeper holds, by port.</param>
    public static RouterRuleStatus Of(ForwardingRule rule, RouterSnapshot snapshot, IEnumerable<RouterPort> ports,
        IReadOnlyDictionary<RouterPort, KeptMapping> kept)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.State != RouterState.Found)
        {
            var state = snapshot.State == RouterState.Off ? RouterRuleState.Off : RouterRuleState.Unavailable;
            return snapshot.Reason is { } reason ? new RouterRuleStatus(state, reason) : new RouterRuleStatus(state, snapshot.Message);
        }

        var mine = ports.Select(p => kept.GetValueOrDefault(p)).ToList();
        if (mine.Count == 0 || mine.Any(m => m is null))
        {
            return new RouterRuleStatus(RouterRuleState.Pending, RouterMessages.Asking.With());
        }

        if (mine.FirstOrDefault(m => m!.LastError is not null) is { } failed)
        {
            return new RouterRuleStatus(RouterRuleState.Error, RouterMessages.Refused.With(failed.LastError!.Message));
        }

        if (mine.Any(m => !m!.IsActive))
        {
            return new RouterRuleStatus(RouterRuleState.Pending, RouterMessages.Asking.With());
        }

        var external = snapshot.ExternalAddress ?? mine.Select(m => m!.Mapping!.ExternalAddress).FirstOrDefault(a => a is not null);
        var range = rule.ExternalPorts;
        var where = string.Create(CultureInfo.InvariantCulture, $"{external?.ToString() ?? "the router"}:{range}");
        return new RouterRuleStatus(RouterRuleState.Mapped, RouterMessages.OpenAt.With(where))
        {
            ExternalAddress = external?.ToString(),
            ExternalPorts = [.. Enumerable.Range(range.Start, range.Count)],
            LeaseExpires = mine.Min(m => m!.Mapping!.ExpiresAt),
            RenewsAt = mine.Min(m => m!.NextAttempt),
        };
    }
}
