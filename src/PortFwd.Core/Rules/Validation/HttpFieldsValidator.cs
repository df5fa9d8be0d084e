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
            check.Error(RuleFields.HostNames, RuleMessages.HostNamesNotHttp);
            return;
        }

        if (names.Count > RuleLimits.MaxHostNames)
        {
            check.Error(RuleFields.HostNames, RuleMessages.TooManyHostNames, RuleLimits.MaxHostNames, names.Count);
            return;
        }

        foreach (var hostName in names)
        {
            var normalized = hostName.ToLowerInvariant().TrimEnd('.');
            var bare = normalized.StartsWith("*.", StringComparison.Ordinal) ? normalized[2..] : normalized;
            if (!AddressText.IsHostName(bare) || IPAddress.TryParse(bare, out _))
            {
                check.Error(RuleFields.HostNames, RuleMessages.HostNameInvalid, hostName);
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
            check.Error(RuleFields.PathPrefix, RuleMessages.PathPrefixNotHttp);
        }
        else if (!typed.StartsWith('/'))
        {
            check.Error(RuleFields.PathPrefix, RuleMessages.PathPrefixNoSlash, typed);
        }
        else if (typed.Length > RuleLimits.MaxPathPrefixLength)
        {
            check.Error(RuleFields.PathPrefix, RuleMessages.PathPrefixTooLong, RuleLimits.MaxPathPrefixLength);
        }
        else if (typed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '?' or '#'))
        {
            check.Error(RuleFields.PathPrefix, RuleMessages.PathPrefixInvalid);
        }
        else
        {
            var trimmed = typed.TrimEnd('/');
            check.PathPrefix = trimmed.Length > 0 ? trimmed : null;
        }
    }
}
