using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using static PortFwd.Web.Reachability.ReachabilityMessages;

namespace PortFwd.Web.Reachability;

/// <summary>
/// Step 5: an outside probe connects to the public address and the rule's port (TCP only: a UDP port cannot be
/// tried without speaking the service's protocol). The probe was asked when the check started; this step reads its
/// answer and says, from the steps before, where to look when it could not connect.
/// </summary>
public sealed class InternetCheck : IReachabilityStep
{
    public CheckStepName Name => CheckStepName.Internet;

    public TimeSpan Limit { get; } = TimeSpan.FromSeconds(8);

    public async Task<IReadOnlyList<CheckStep>> RunAsync(CheckContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Rule.Protocol.UsesTcp())
        {
            return [UdpOnly];
        }

        if (context.Probe is not { } probe)
        {
            return [Off];
        }

        return [Describe(context, await probe.WaitAsync(ct))];
    }

    /// <summary>The probe is switched off.</summary>
    public static CheckStep Off { get; } = CheckStep.Skipped(CheckStepName.Internet, ProbeOff.With(), ProbeOffFix.With());

    /// <summary>A UDP-only rule.</summary>
    public static CheckStep UdpOnly { get; } = CheckStep.Skipped(CheckStepName.Internet, ReachabilityMessages.UdpOnly.With(), UdpOnlyFix.With());

    /// <summary>The probe's answer, with where to look (from the steps before) when it could not connect.</summary>
    public static CheckStep Describe(CheckContext context, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        const CheckStepName name = CheckStepName.Internet;
        if (!result.IsSuccess)
        {
            return CheckStep.Warn(name, ProbeNoAnswer.With((object?)result.Error.Said ?? result.Error.Message), ProbeNoAnswerFix.With());
        }

        var answer = result.Value;
        if (answer.At < context.Rule.UpdatedAt)
        {
            // The probe is asked once per interval per rule: an answer from before the rule was saved says nothing about it now.
            return CheckStep.Skipped(name, ProbeStale.With(answer.Port), ProbeStaleFix.With());
        }

        var address = answer.SeenAddress ?? context.PublicAddress;
        object target = address is null ? ProbePort.With(answer.Port) : new System.Net.IPEndPoint(address, answer.Port).ToString();
        var elsewhere = ReachabilityMessages.Optional(answer.SeenAddress is { } seen && context.PublicAddress is { } known && !seen.Equals(known)
            ? ProbeSawElsewhere.With(seen, known)
            : null);
        if (answer.Reachable)
        {
            return CheckStep.Pass(name, ProbeConnected.With(answer.Url.Host, target, elsewhere));
        }

        return CheckStep.Fail(name, ProbeNotConnected.With(answer.Url.Host, target, elsewhere), WhereToLook(context));
    }

    /// <summary>The first link before that is broken or doubtful, else the firewall and the provider.</summary>
    private static ValidationMessage WhereToLook(CheckContext context)
    {
        var earlier = context.Steps.FirstOrDefault(s => s.Status == CheckStepStatus.Fail && s.Name != CheckStepName.Service)
            ?? context.Steps.FirstOrDefault(s => s.Status == CheckStepStatus.Warn && s.Name is CheckStepName.Relay or CheckStepName.Router or CheckStepName.PublicAddress);
        return earlier?.Name switch
        {
            CheckStepName.Relay => LookAtRelay.With(),
            CheckStepName.Router => LookAtRouter.With(),
            CheckStepName.PublicAddress => LookAtPublicAddress.With(),
            _ => LookFurtherOut.With(),
        };
    }
}
