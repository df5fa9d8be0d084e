using System.Net;

namespace PortFwd.Core.Rules.Validation;

/// <summary>
/// Where the rule forwards to: the internal host, and two targets that must never be chosen on this machine —
/// the rule's own listening ports (a loop) and the panel's ports (the admin panel published to the internet).
/// </summary>
internal sealed class TargetValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        var host = check.Draft.InternalHost?.Trim() ?? "";
        check.InternalHost = host;
        if (host.Length == 0)
        {
            check.Error(RuleFields.InternalHost, RuleMessages.InternalHostMissing);
        }
        else if (TryNormalizeHost(host, out var normalized, out var problem))
        {
            check.InternalHost = normalized;
        }
        else
        {
            check.Error(RuleFields.InternalHost, problem);
        }

        if (check.InternalPort is null || !check.Context.IsThisMachine(check.InternalHost))
        {
            return;
        }

        // One message for the internal port: reaching the panel is the graver of the two, and says more.
        if (!CheckPanelPorts(check))
        {
            CheckLoop(check);
        }
    }

    /// <summary>The normalized host name a draft's internal host would be saved as, or null when it is an address, "localhost" or not valid.</summary>
    public static string? HostNameToResolve(RuleDraft draft)
    {
        var host = draft.InternalHost?.Trim() ?? "";
        return host.Length > 0 && TryNormalizeHost(host, out var normalized, out _)
            && !IPAddress.TryParse(normalized, out _) && !normalized.Equals("localhost", StringComparison.Ordinal)
                ? normalized
                : null;
    }

    /// <summary>The panel listens on TCP, so only rules that forward TCP can reach it. Returns whether one was hit.</summary>
    private static bool CheckPanelPorts(RuleCheck check)
    {
        if (check.Protocol is not { } protocol || !protocol.UsesTcp())
        {
            return false;
        }

        var first = check.InternalPort!.Value;
        var targets = new PortRange(first, first + check.PortCount - 1);
        var hit = false;
        foreach (var port in check.Context.PanelPorts.Where(targets.Contains).Order())
        {
            check.Error(RuleFields.InternalPort, RuleMessages.TargetIsPanel, port);
            hit = true;
        }

        return hit;
    }

    private static void CheckLoop(RuleCheck check)
    {
        if (check.ExternalPort is not { } start)
        {
            return;
        }

        var target = check.InternalPort!.Value;
        if (new PortRange(start, check.ExternalPortEnd ?? start).Overlaps(new PortRange(target, target + check.PortCount - 1)))
        {
            check.Error(RuleFields.InternalPort, RuleMessages.TargetIsItself);
        }
    }

    private static bool TryNormalizeHost(string host, out string normalized, out ValidationMessage problem)
    {
        normalized = host;
        problem = ValidationMessage.Plain("");
        var unbracketed = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (AddressText.TryParse(unbracketed, out var address))
        {
            if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                problem = RuleMessages.InternalHostNoAddress.With(host);
                return false;
            }

            if (AddressText.IsMulticastOrBroadcast(address))
            {
                problem = RuleMessages.InternalHostMulticast.With(host);
                return false;
            }

            normalized = address.ToString();
            return true;
        }

        var name = host.TrimEnd('.').ToLowerInvariant();
        if (AddressText.IsHostName(name) && !name.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            normalized = name;
            return true;
        }

        problem = IncludesPort(host)
            ? RuleMessages.InternalHostWithPort.With(host)
            : RuleMessages.InternalHostInvalid.With(host);
        return false;
    }

    /// <summary>"host:80", "192.168.1.20:80" or "[2001:db8::1]:80", not a URL or a bare IPv6 address.</summary>
    private static bool IncludesPort(string host)
    {
        var colon = host.LastIndexOf(':');
        if (colon <= 0 || colon == host.Length - 1 || !host[(colon + 1)..].All(char.IsAsciiDigit))
        {
            return false;
        }

        return host.StartsWith('[') ? host[colon - 1] == ']' : host.Count(c => c == ':') == 1;
    }
}
