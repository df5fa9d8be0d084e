using PortFwd.Core.Rules;
using PortFwd.Web.Components.Rules;
using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Reachability;

/// <summary>Step 2: PortFwd listens on the rule's external port (the rule's applied state, its error quoted).</summary>
public sealed class RelayCheck(RuleStatusBoard statuses) : IReachabilityStep
{
    public CheckStepName Name => CheckStepName.Relay;

    public TimeSpan Limit { get; } = TimeSpan.FromSeconds(1);

    public Task<IReadOnlyList<CheckStep>> RunAsync(CheckContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rule = context.Rule;
        return Task.FromResult<IReadOnlyList<CheckStep>>([Of(rule, statuses.Get(rule.Id, rule.Enabled))]);
    }

    /// <summary>What the rule's applied state means for the chain.</summary>
    public static CheckStep Of(ForwardingRule rule, RuleStatus status)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(status);
        var port = $"{rule.Protocol.ToDisplayName()} {(rule.ExternalPorts.IsSinglePort ? "port" : "ports")} {rule.ExternalPorts}";
        return status.State switch
        {
            RuleState.Active => CheckStep.Pass(CheckStepName.Relay,
                status.Listening.Count > 0 ? $"PortFwd listens on {ListeningText.Describe([.. status.Listening.Select(InWords)])}." : $"PortFwd listens on {port}."),
            RuleState.Disabled => CheckStep.Fail(CheckStepName.Relay, $"The rule is turned off, so PortFwd does not listen on {port}.",
                "Turn the rule on with its switch in the rules table."),
            RuleState.Scheduled => CheckStep.Fail(CheckStepName.Relay, $"The rule is outside its schedule, so PortFwd does not listen on {port} now ({status.Message}).",
                "Check again while its schedule has it on, or change the schedule in the rule's Advanced section."),
            RuleState.Error => CheckStep.Fail(CheckStepName.Relay, $"PortFwd cannot listen on {port}: {status.Message}",
                "Free the port (stop the program that holds it) or give the rule another external port, then save it again."),
            _ => CheckStep.Warn(CheckStepName.Relay, $"The rule is saved but not applied yet ({status.Message})",
                "Wait a moment and check again."),
        };
    }

    /// <summary>"tcp/0.0.0.0:25565" as people write it: "TCP 0.0.0.0:25565".</summary>
    private static string InWords(string listening)
    {
        var slash = listening.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? $"{listening[..slash].ToUpperInvariant()} {listening[(slash + 1)..]}" : listening;
    }
}
