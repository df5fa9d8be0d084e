using System.Globalization;
using PortFwd.Core.Rules;

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
    public static CheckStep Off { get; } = CheckStep.Skipped(CheckStepName.Internet,
        "Nothing tried to connect from the internet: the outside probe is off (PortFwd:Reachability:ProbeUrl is empty).",
        "Set PortFwd:Reachability:ProbeUrl to an echoip service's port test, such as https://ifconfig.co/port/{port}, or try from a phone on mobile data.");

    /// <summary>A UDP-only rule.</summary>
    public static CheckStep UdpOnly { get; } = CheckStep.Skipped(CheckStepName.Internet,
        "An outside probe can only try TCP: a UDP port has no connection to open, and a service answers only datagrams of its own protocol.",
        "Try the service from a client outside the network, such as a phone on mobile data.");

    /// <summary>The probe's answer, with where to look (from the steps before) when it could not connect.</summary>
    public static CheckStep Describe(CheckContext context, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        const CheckStepName name = CheckStepName.Internet;
        if (!result.IsSuccess)
        {
            return CheckStep.Warn(name, $"The outside probe gave no answer: {result.Error.Message}. Whether the internet can connect is not known.",
                "Check again later, or set PortFwd:Reachability:ProbeUrl to another echoip service.");
        }

        var answer = result.Value;
        if (answer.At < context.Rule.UpdatedAt)
        {
            // The probe is asked once per interval per rule: an answer from before the rule was saved says nothing about it now.
            return CheckStep.Skipped(name,
                $"Not tried again: the rule was saved after the outside probe last tried port {answer.Port.ToString(CultureInfo.InvariantCulture)}, and the probe is asked at most once per rule in PortFwd:Reachability:ProbeIntervalSeconds.",
                "Check again in a few seconds.");
        }

        var address = answer.SeenAddress ?? context.PublicAddress;
        var target = address is null ? $"port {answer.Port.ToString(CultureInfo.InvariantCulture)}" : new System.Net.IPEndPoint(address, answer.Port).ToString();
        var elsewhere = answer.SeenAddress is { } seen && context.PublicAddress is { } known && !seen.Equals(known)
            ? $" It saw this network at {seen}, not at the public address {known}."
            : "";
        if (answer.Reachable)
        {
            return CheckStep.Pass(name, $"{answer.Url.Host} connected to {target} from the internet.{elsewhere}");
        }

        return CheckStep.Fail(name, $"{answer.Url.Host} could not connect to {target} from the internet.{elsewhere}", WhereToLook(context));
    }

    /// <summary>The first link before that is broken or doubtful, else the firewall and the provider.</summary>
    private static string WhereToLook(CheckContext context)
    {
        var earlier = context.Steps.FirstOrDefault(s => s.Status == CheckStepStatus.Fail && s.Name != CheckStepName.Service)
            ?? context.Steps.FirstOrDefault(s => s.Status == CheckStepStatus.Warn && s.Name is CheckStepName.Relay or CheckStepName.Router or CheckStepName.PublicAddress);
        return earlier?.Name switch
        {
            CheckStepName.Relay => "PortFwd is not listening on the port: fix the relay step first.",
            CheckStepName.Router => "The router does not forward the port to this machine: fix the router step first.",
            CheckStepName.PublicAddress => "Something in front of the router blocks the way in: see the public address step.",
            _ => "Everything on this side looks right, so the block is further out: check the router's own firewall settings, and whether the provider blocks incoming connections on this port (many block 25, 80 and 443 on home lines); another external port may work.",
        };
    }
}
