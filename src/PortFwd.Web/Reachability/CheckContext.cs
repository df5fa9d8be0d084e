using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Reachability;

/// <summary>What one check knows while its steps run: the rule, the steps done so far, and what they learned for the later ones.</summary>
public sealed class CheckContext(ForwardingRule rule)
{
    private readonly List<CheckStep> _steps = [];

    public ForwardingRule Rule { get; } = rule;

    /// <summary>The steps answered so far, in order.</summary>
    public IReadOnlyList<CheckStep> Steps => _steps;

    /// <summary>The outside probe's answer, asked when the check starts (it takes the longest) and read by the steps that need it.</summary>
    public Task<ProbeResult>? Probe { get; set; }

    /// <summary>The address the internet reaches this network at, once the public-address step knows it.</summary>
    public IPAddress? PublicAddress { get; set; }

    /// <summary>This machine's LAN address, where the router must send the port (from the router client, else the routing table).</summary>
    public IPAddress? LanAddress { get; set; }

    /// <summary>The router's own configuration page, for manual instructions.</summary>
    public ValidationMessage? RouterPage { get; set; }

    public CheckStep? Find(CheckStepName name) => _steps.FirstOrDefault(s => s.Name == name);

    internal void Add(CheckStep step) => _steps.Add(step);
}

/// <summary>One link of the chain, checked within its own time limit.</summary>
public interface IReachabilityStep
{
    CheckStepName Name { get; }

    /// <summary>The longest this step may take (the whole check has its own limit too).</summary>
    TimeSpan Limit { get; }

    /// <summary>Checks the link; usually one answer, one per name for Dynamic DNS names.</summary>
    Task<IReadOnlyList<CheckStep>> RunAsync(CheckContext context, CancellationToken ct);
}
