using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.Rules;

/// <summary>
/// Which dangerous services a rule opened on the router would expose. Saving such a rule needs an explicit
/// confirmation (<see cref="RuleDraft.ConfirmRisk"/>) unless the saved rule already exposed the same ones: the saved
/// rule is the record of what its owner accepted, so switching it off and on or renaming it does not ask again.
/// </summary>
public static class RouterRisks
{
    private sealed record DangerousService(int Port, MessageTemplate Service, bool Udp = false);

    /// <summary>Services that must never be one click away from the internet (TCP unless said; RDP also uses UDP).</summary>
    private static readonly DangerousService[] Services =
    [
        new(23, RuleMessages.RiskTelnet),
        new(139, RuleMessages.RiskSmbNetbios),
        new(445, RuleMessages.RiskSmb),
        new(2375, RuleMessages.RiskDockerApi),
        new(3306, RuleMessages.RiskMySql),
        new(3389, RuleMessages.RiskRemoteDesktop, Udp: true),
        new(5432, RuleMessages.RiskPostgreSql),
        new(5900, RuleMessages.RiskVnc),
        new(6379, RuleMessages.RiskRedis),
        new(27017, RuleMessages.RiskMongoDb),
    ];

    /// <summary>The router's own web pages, when the rule's target is the router.</summary>
    private static readonly int[] RouterAdminPorts = [80, 443];

    /// <summary>The risks of a saved or validated rule; none unless it is opened on the router.</summary>
    public static IReadOnlyList<RouterRisk> Of(ForwardingRule rule, RuleValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.OpenOnRouter ? Of(rule.Protocol, rule.ExternalPorts, rule.InternalHost, rule.InternalPorts, context) : [];
    }

    /// <summary>
    /// The risks of these ports and target if opened on the router, whether or not the rule says so. Both ranges count: the
    /// internet reaches the external port, and the service behind it is the one on the internal port (RDP moved to port
    /// 13389 is still RDP). An HTTP rule speaks HTTP to its target, so only the router's own pages are a risk there.
    /// </summary>
    public static IReadOnlyList<RouterRisk> Of(Protocol protocol, PortRange external, string internalHost, PortRange @internal, RuleValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(internalHost);
        ArgumentNullException.ThrowIfNull(context);
        var risks = new List<RouterRisk>();
        if (protocol != Protocol.Http)
        {
            foreach (var service in Services)
            {
                var carried = service.Udp ? protocol.UsesTcp() || protocol.UsesUdp() : protocol.UsesTcp();
                if (carried && (external.Contains(service.Port) || @internal.Contains(service.Port)))
                {
                    risks.Add(new RouterRisk(service.Port, service.Service.With()));
                }
            }
        }

        if (protocol.UsesTcp() && context.IsRouter(internalHost))
        {
            risks.AddRange(RouterAdminPorts.Where(@internal.Contains)
                .Select(port => new RouterRisk(port, RuleMessages.RiskRouterAdmin.With(internalHost))));
        }

        return risks;
    }

    /// <summary>
    /// The risks <paramref name="candidate"/> adds that nobody confirmed: none when <paramref name="confirmed"/>, else those
    /// the saved rule (<paramref name="saved"/>, null for a new one) did not already expose on the router.
    /// </summary>
    public static IReadOnlyList<RouterRisk> Unconfirmed(ForwardingRule candidate, ForwardingRule? saved, bool confirmed, RuleValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (confirmed)
        {
            return [];
        }

        var risks = Of(candidate, context);
        if (risks.Count == 0 || saved is null)
        {
            return risks;
        }

        var accepted = Of(saved, context);
        return [.. risks.Where(r => !accepted.Contains(r))];
    }
}
