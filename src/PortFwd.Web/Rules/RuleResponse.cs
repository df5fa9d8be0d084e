using PortFwd.Core.Rules;

namespace PortFwd.Web.Rules;

/// <summary>A rule as the API shows it.</summary>
public sealed record RuleResponse(
    int Id,
    string Name,
    string Protocol,
    int ExternalPort,
    int? ExternalPortEnd,
    string InternalHost,
    int InternalPort,
    bool Enabled,
    bool OpenOnRouter,
    IReadOnlyList<string> AllowedSources,
    IReadOnlyList<string> HostNames,
    string? PathPrefix,
    string? Description,
    string? ListenAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static RuleResponse From(ForwardingRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(rule.Id, rule.Name, rule.Protocol.ToName(), rule.ExternalPort, rule.ExternalPortEnd, rule.InternalHost,
            rule.InternalPort, rule.Enabled, rule.OpenOnRouter, rule.AllowedSources, rule.HostNames, rule.PathPrefix,
            rule.Description, rule.ListenAddress, rule.CreatedAt, rule.UpdatedAt);
    }
}

/// <summary>What a rule is doing right now (<c>GET /api/rules/{id}/status</c>).</summary>
public sealed record RuleStatusResponse(string State, string? Message, IReadOnlyList<string> Listening, HomeRouter.RouterRuleStatus? Router);
