using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Components.Rules;
using PortFwd.Web.Forwarding;
using static PortFwd.Web.Reachability.ReachabilityMessages;

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
        var port = (rule.ExternalPorts.IsSinglePort ? RelayPort : RelayPorts).With(rule.Protocol.ToDisplayName(), rule.ExternalPorts.ToString());
        var said = (object?)status.Reason ?? status.Message ?? "";
        return status.State switch
        {
            RuleState.Active => CheckStep.Pass(CheckStepName.Relay,
                Listens.With(status.Listening.Count > 0 ? ListeningText.Describe([.. status.Listening.Select(InWords)]) : port)),
            RuleState.Disabled => CheckStep.Fail(CheckStepName.Relay, RuleOff.With(port), RuleOffFix.With()),
            RuleState.Scheduled => CheckStep.Fail(CheckStepName.Relay, OutsideSchedule.With(port, said), OutsideScheduleFix.With()),
            RuleState.Error => CheckStep.Fail(CheckStepName.Relay, CannotListen.With(port, said), CannotListenFix.With()),
            _ => CheckStep.Warn(CheckStepName.Relay, NotApplied.With(said), WaitAndCheckAgain.With()),
        };
    }

    /// <summary>"tcp/0.0.0.0:25565" as people write it: "TCP 0.0.0.0:25565".</summary>
    private static string InWords(string listening)
    {
        var slash = listening.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? $"{listening[..slash].ToUpperInvariant()} {listening[(slash + 1)..]}" : listening;
    }
}
