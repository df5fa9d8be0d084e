using PortFwd.Core.DynamicDns.Validation;

namespace PortFwd.Core.DynamicDns;

/// <summary>
/// Checks a Dynamic DNS name as typed and normalizes it, for the form and the API alike. Each aspect (provider,
/// server, host name, credentials, address family) has its own validator; all of them run, so every mistake shows at once.
/// </summary>
public static class DdnsValidator
{
    /// <summary>In this order: later aspects read what earlier ones normalized (the provider, the server).</summary>
    private static readonly IDdnsAspectValidator[] Aspects =
    [
        new ProviderValidator(),
        new ServerValidator(),
        new HostNameValidator(),
        new CredentialsValidator(),
        new AddressFamilyValidator(),
    ];

    public static DdnsValidationResult Validate(DdnsDraft draft, DdnsValidationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var check = new DdnsCheck(draft, context ?? DdnsValidationContext.New);
        foreach (var aspect in Aspects)
        {
            aspect.Validate(check);
        }

        if (check.Errors.Count > 0)
        {
            return new DdnsValidationResult(null, null, null, check.Errors);
        }

        var provider = check.Provider!.Value;
        var name = new DdnsName
        {
            Provider = provider,
            HostName = check.HostName,
            Username = check.Username,
            Server = check.Server,
            Ipv4 = draft.Ipv4,
            Ipv6 = draft.Ipv6,
            Enabled = draft.Enabled,
            // Only No-IP's free names must be confirmed; a date left from another provider means nothing.
            ConfirmBy = provider == DdnsProvider.NoIp ? draft.ConfirmBy : null,
        };
        return new DdnsValidationResult(name, check.Password, check.Token, check.Errors);
    }
}
