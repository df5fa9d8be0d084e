using System.Net;

namespace PortFwd.Core.Rules.Validation;

/// <summary>Host names and path prefix, which only HTTP rules route by.</summary>
internal sealed class HttpFieldsValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        // While the protocol is unknown these are checked as if it were HTTP, so their own mistakes show at once.
        var notHttp = check.Protocol is { } protocol && protocol != Protocol.Http;
        CheckHostNames(check, notHttp);
        CheckPathPrefix(check, notHttp);
    }

    private static void CheckHostNames(RuleCheck check, bool notHttp)
    {
        var names = RuleCheck.Clean(check.Draft.HostNames);
        if (names.Count > 0 && notHttp)
        {
            check.Error(RuleFields.HostNames, "Host names only apply to HTTP rules; clear them or choose HTTP.");
            return;
        }

        if (names.Count > RuleLimits.MaxHostNames)
        {
            check.Error(RuleFields.HostNames, $"At most {RuleLimits.MaxHostNames} host names; this rule has {names.Count}.");
            return;
        }

        foreach (var hostName in names)
        {
            var normalized = hostName.ToLowerInvariant().TrimEnd('.');
            var bare = normalized.StartsWith("*.", StringComparison.Ordinal) ? normalized[2..] : normalized;
            if (!AddressText.IsHostName(bare) || IPAddress.TryParse(bare, out _))
            {
                check.Error(RuleFields.HostNames, $"\"{hostName}\" is not a host name; use names like example.com or *.example.com.");
            }
            else if (!check.HostNames.Contains(normalized, StringComparer.Ordinal))
            {
                check.HostNames.Add(normalized);
            }
        }
    }

    private static void CheckPathPrefix(RuleCheck check, bool notHttp)
    {
        var typed = check.Draft.PathPrefix?.Trim();
        if (string.IsNullOrEmpty(typed))
        {
            return;
        }

        if (notHttp)
        {
            check.Error(RuleFields.PathPrefix, "A path prefix only applies to HTTP rules; clear it or choose HTTP.");
        }
        else if (!typed.StartsWith('/'))
        {
            check.Error(RuleFields.PathPrefix, $"The path prefix must start with \"/\", like /app; \"{typed}\" does not.");
        }
        else if (typed.Length > RuleLimits.MaxPathPrefixLength)
        {
            check.Error(RuleFields.PathPrefix, $"The path prefix can be at most {RuleLimits.MaxPathPrefixLength} characters.");
        }
        else if (typed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '?' or '#'))
        {
            check.Error(RuleFields.PathPrefix, "The path prefix cannot contain spaces, '?' or '#'.");
        }
        else
        {
            var trimmed = typed.TrimEnd('/');
            check.PathPrefix = trimmed.Length > 0 ? trimmed : null;
        }
    }
}
