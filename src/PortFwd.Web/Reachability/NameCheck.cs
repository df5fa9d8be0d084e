using System.Globalization;
using PortFwd.Data.DynamicDns;
using PortFwd.Web.DynamicDns;

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
            var at = context.PublicAddress is { } address
                ? $" at {address}:{context.Rule.ExternalPort.ToString(CultureInfo.InvariantCulture)}" : "";
            return [CheckStep.Skipped(Name, $"No Dynamic DNS name is set up, so the rule is reached by address{at}, which the provider may change.",
                "Add a name on the Dynamic DNS page to reach the rule by name even when the address changes.")];
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
            true => CheckStep.Pass(CheckStepName.Name, lookup.Message),
            false => CheckStep.Fail(CheckStepName.Name, lookup.Message,
                $"See the last update of {lookup.HostName} on the Dynamic DNS page; a new address can take as long as the record's time-to-live to show everywhere."),
            null => CheckStep.Warn(CheckStepName.Name, lookup.Message, "Check again once the public address is known."),
        };
    }
}
