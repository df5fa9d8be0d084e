namespace PortFwd.Core.DynamicDns.Validation;

/// <summary>
/// The credentials the provider needs: a user name and password for the dyndns2 family, a token for DuckDNS and
/// Cloudflare. A secret left out of a change keeps the stored one, unless the updates now go to another provider or
/// server: a stored secret is never sent anywhere the user did not type it for.
/// </summary>
internal sealed class CredentialsValidator : IDdnsAspectValidator
{
    public void Validate(DdnsCheck check)
    {
        if (check.Provider is not { } provider)
        {
            return;
        }

        if (provider.UsesPassword())
        {
            var username = DdnsCheck.Clean(check.Draft.Username);
            if (username is null)
            {
                check.Error(DdnsFields.Username, $"Give the {provider.ToDisplayName()} user name (for No-IP, the account's e-mail or user name).");
            }
            else if (username.Length > DdnsLimits.MaxUsernameLength)
            {
                check.Error(DdnsFields.Username, $"The user name can be at most {DdnsLimits.MaxUsernameLength} characters.");
            }
            else if (username.Contains(':', StringComparison.Ordinal) || username.Any(char.IsControl))
            {
                check.Error(DdnsFields.Username, "The user name cannot contain ':' or control characters.");
            }

            check.Username = username;
            check.Password = Secret(check, DdnsFields.Password, "password", check.Draft.Password, CanKeep(check, provider, s => s.ProtectedPassword));
        }
        else
        {
            check.Token = Secret(check, DdnsFields.Token, provider == DdnsProvider.DuckDns ? "DuckDNS token" : "Cloudflare API token",
                check.Draft.Token, CanKeep(check, provider, s => s.ProtectedToken));
            if (check.Token is { } token && token.Any(char.IsWhiteSpace))
            {
                check.Error(DdnsFields.Token, "A token has no spaces; copy it again from the provider's site.");
            }
        }
    }

    private static string? Secret(DdnsCheck check, string field, string what, string? typed, bool canKeep)
    {
        // Secrets are taken as typed (no trimming inside), but a blank one means "keep the stored one".
        if (string.IsNullOrWhiteSpace(typed))
        {
            if (!canKeep)
            {
                check.Error(field, check.Context.Stored is null
                    ? $"Give the {what}."
                    : $"Give the {what} again: updates go to another provider or server now.");
            }

            return null;
        }

        if (typed.Length > DdnsLimits.MaxSecretLength)
        {
            check.Error(field, $"The {what} can be at most {DdnsLimits.MaxSecretLength} characters.");
        }
        else if (typed.Any(char.IsControl))
        {
            check.Error(field, $"The {what} cannot contain line breaks or control characters.");
        }

        return typed;
    }

    private static bool CanKeep(DdnsCheck check, DdnsProvider provider, Func<DdnsName, string?> secret) =>
        check.Context.Stored is { } stored && secret(stored) is not null && stored.Provider == provider
        && string.Equals(stored.Server, check.Server, StringComparison.OrdinalIgnoreCase);
}
