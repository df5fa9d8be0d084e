namespace PortFwd.Core.Rules.Validation;

/// <summary>The addresses and networks allowed to connect, normalized to networks without duplicates.</summary>
internal sealed class AllowedSourcesValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        var sources = RuleCheck.Clean(check.Draft.AllowedSources);
        if (sources.Count > RuleLimits.MaxAllowedSources)
        {
            check.Error(RuleFields.AllowedSources, RuleMessages.TooManySources, RuleLimits.MaxAllowedSources, sources.Count);
        }

        foreach (var source in sources)
        {
            if (!AddressText.TryParseNetwork(source, out var network, out string problem))
            {
                check.Error(RuleFields.AllowedSources, problem);
            }
            else if (!check.AllowedSources.Contains(network.ToString(), StringComparer.Ordinal))
            {
                check.AllowedSources.Add(network.ToString());
            }
        }
    }
}
