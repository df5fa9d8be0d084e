namespace PortFwd.Core.DynamicDns.Validation;

/// <summary>The provider: one of the services the panel can update.</summary>
internal sealed class ProviderValidator : IDdnsAspectValidator
{
    public void Validate(DdnsCheck check)
    {
        if (DdnsProviderNames.TryParse(check.Draft.Provider, out var provider))
        {
            check.Provider = provider;
            return;
        }

        check.Error(DdnsFields.Provider, string.IsNullOrWhiteSpace(check.Draft.Provider)
            ? $"Choose a provider: {string.Join(", ", DdnsProviderNames.All)}."
            : $"Unknown provider '{check.Draft.Provider.Trim()}'; use one of {string.Join(", ", DdnsProviderNames.All)}.");
    }
}
