namespace PortFwd.Core.DynamicDns.Validation;

/// <summary>
/// The host name: a full DNS name (letters, digits and hyphens in dot-separated labels), saved in lower case.
/// A DuckDNS name may be typed without <c>.duckdns.org</c>, and must be a single name under it.
/// </summary>
internal sealed class HostNameValidator : IDdnsAspectValidator
{
    private const string DuckDnsSuffix = ".duckdns.org";

    public void Validate(DdnsCheck check)
    {
        var name = check.Draft.Hostname?.Trim().TrimEnd('.').ToLowerInvariant() ?? "";
        if (name.Length == 0)
        {
            check.Error(DdnsFields.Hostname, "Give the host name to keep up to date, for example \"home.example.net\".");
            return;
        }

        if (check.Provider == DdnsProvider.DuckDns && !name.Contains('.', StringComparison.Ordinal))
        {
            name += DuckDnsSuffix;
        }

        check.HostName = name;
        if (name.Length > DdnsLimits.MaxHostNameLength)
        {
            check.Error(DdnsFields.Hostname, $"A host name can be at most {DdnsLimits.MaxHostNameLength} characters; this one has {name.Length}.");
            return;
        }

        var labels = name.Split('.');
        if (labels.Any(l => !IsLabel(l)))
        {
            check.Error(DdnsFields.Hostname, "A host name is made of letters, digits and hyphens between dots (such as home.example.net); a part cannot be empty, longer than 63 characters, or start or end with a hyphen.");
            return;
        }

        if (labels.Length < 2)
        {
            check.Error(DdnsFields.Hostname, $"Give the full name, with its domain (such as {name}.example.net).");
            return;
        }

        if (check.Provider == DdnsProvider.DuckDns && (!name.EndsWith(DuckDnsSuffix, StringComparison.Ordinal) || labels.Length != 3))
        {
            check.Error(DdnsFields.Hostname, "A DuckDNS name is one name under duckdns.org, such as myname.duckdns.org (or just myname).");
        }
    }

    private static bool IsLabel(string label) =>
        label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
