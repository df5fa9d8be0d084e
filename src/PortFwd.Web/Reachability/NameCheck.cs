using PortFwd.Core.Rules.Validation;
using PortFwd.Data.DynamicDns;
using PortFwd.Web.DynamicDns;
using static PortFwd.Web.Reachability.ReachabilityMessages;

namespace PortFwd.Web.Reachability;

/// <summary>Step 6: each enabled Dynamic DNS name resolves to the public address, so the rule is reached by name too.</summary>
public sealed class NameCheck(DdnsStore names, DdnsResolution resolution) : IReachabilityStep
{
    public CheckStepName Name => CheckStepName.Name;

    public TimeSpan Limit { get; } = DdnsResolution.LookupLimit;

    public async Task<IReadOnlyList<CheckStep>> RunAsync(CheckContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var enabled = (await names.GetAllAsync(ct)).Where(n => n.Enabled && n.Ipv4).ToList();
        if (enabled.Count == 0)
        {
            var at = ReachabilityMessages.Optional(context.PublicAddress is { } address ? AtAddress.With(address, context.Rule.ExternalPort) : null);
            return [CheckStep.Skipped(Name, NoDdnsName.With(at), NoDdnsNameFix.With())];
        }

        var lookups = await Task.WhenAll(enabled.Select(n => resolution.CheckAsync(n, context.PublicAddress, ct)));
        return [.. lookups.Select(Of)];
    }

    /// <summary>One name's lookup as a step.</summary>
    public static CheckStep Of(DdnsResolutionCheck lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return lookup.Matches switch
        {
            true => CheckStep.Pass(CheckStepName.Name, Said(lookup)),
            false => CheckStep.Fail(CheckStepName.Name, Said(lookup), NameElsewhereFix.With(lookup.HostName)),
            null => CheckStep.Warn(CheckStepName.Name, Said(lookup), NameUnknownAddressFix.With()),
        };
    }

    private static ValidationMessage Said(DdnsResolutionCheck lookup) => lookup.Said ?? ValidationMessage.Plain(lookup.Message);
}
