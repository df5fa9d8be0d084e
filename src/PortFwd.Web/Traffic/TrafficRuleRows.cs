using PortFwd.Core.Rules;

namespace PortFwd.Web.Traffic;

/// <summary>One row of a traffic list: the rule and its rate now (null when the sampler has not seen it).</summary>
public sealed record TrafficRuleRow(ForwardingRule Rule, RuleRate? Rate);

/// <summary>The rows of the Traffic page's and the Status page's rule lists, in their order.</summary>
public static class TrafficRuleRows
{
    /// <summary>The rules in their saved order, each with its rate.</summary>
    public static IReadOnlyList<TrafficRuleRow> InOrder(IEnumerable<ForwardingRule> rules, IReadOnlyDictionary<int, RuleRate> rates)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(rates);
        return [.. rules.Select(r => new TrafficRuleRow(r, rates.GetValueOrDefault(r.Id)))];
    }

    /// <summary>
    /// Busiest first: by the rate in the last second, then by the last minute (a rule that just paused stays near
    /// the top), then by name so quiet rules keep a steady order.
    /// </summary>
    public static IReadOnlyList<TrafficRuleRow> BusiestFirst(IEnumerable<ForwardingRule> rules, IReadOnlyDictionary<int, RuleRate> rates) =>
        [.. InOrder(rules, rates)
            .OrderByDescending(r => r.Rate?.BytesPerSecond ?? 0)
            .ThenByDescending(r => r.Rate?.Recent.Sum() ?? 0)
            .ThenBy(r => r.Rule.Name, StringComparer.OrdinalIgnoreCase)];
}
