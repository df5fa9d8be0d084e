using System.Globalization;

namespace PortFwd.Core.Rules.Validation;

/// <summary>
/// The PROXY protocol and the per-rule limits. The relay carries them, so they apply to TCP and UDP rules;
/// connection limits and the PROXY protocol to TCP connections only. HTTP rules are served by the panel's web
/// server, which does not apply them: a value other than the default there is an error rather than ignored.
/// </summary>
internal sealed class LimitsValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        // While the protocol is unknown these are checked for their own mistakes only.
        var protocol = check.Protocol;
        var noTcp = protocol is Protocol.Udp or Protocol.Http;
        var notRelayed = protocol is Protocol.Http;
        CheckProxyProtocol(check, protocol, noTcp);
        CheckMaxConnections(check, protocol, noTcp);
        check.RateLimitInKBps = Rate(check, RuleFields.RateLimitInKBps, check.Draft.RateLimitInKBps, "from clients to the service", notRelayed);
        check.RateLimitOutKBps = Rate(check, RuleFields.RateLimitOutKBps, check.Draft.RateLimitOutKBps, "from the service back to clients", notRelayed);
    }

    private static void CheckProxyProtocol(RuleCheck check, Protocol? protocol, bool noTcp)
    {
        var typed = check.Draft.ProxyProtocol;
        if (!ProxyProtocolModeNames.TryParse(typed, out var mode))
        {
            check.Error(RuleFields.ProxyProtocol, $"proxyProtocol must be one of {string.Join(", ", ProxyProtocolModeNames.All)}; \"{typed}\" is none of them.");
            return;
        }

        if (mode != ProxyProtocolMode.Off && noTcp)
        {
            check.Error(RuleFields.ProxyProtocol, protocol == Protocol.Http
                ? "The PROXY protocol applies to TCP rules; HTTP rules pass the client's address in X-Forwarded-For. Set proxyProtocol to off."
                : "The PROXY protocol applies to TCP connections; a UDP rule has none. Set proxyProtocol to off or choose TCP.");
            return;
        }

        check.ProxyProtocol = mode;
    }

    private static void CheckMaxConnections(RuleCheck check, Protocol? protocol, bool noTcp)
    {
        var max = check.Draft.MaxConnections ?? RuleLimits.DefaultMaxConnections;
        var maxOk = max is >= 1 and <= RuleLimits.MaxConnectionsCap;
        if (!maxOk)
        {
            check.Error(RuleFields.MaxConnections, $"Connections at once must be from 1 to {RuleLimits.MaxConnectionsCap}; {max} is outside that.");
        }
        else if (noTcp && max != RuleLimits.DefaultMaxConnections)
        {
            check.Error(RuleFields.MaxConnections, NoConnections(protocol, "a connection limit", "maxConnections", $"{RuleLimits.DefaultMaxConnections}"));
        }
        else
        {
            check.MaxConnections = max;
        }

        var perSource = check.Draft.MaxConnectionsPerSource ?? 0;
        if (perSource is < 0 or > RuleLimits.MaxConnectionsCap)
        {
            check.Error(RuleFields.MaxConnectionsPerSource, $"Connections per client address must be 0 (no limit) or from 1 to {RuleLimits.MaxConnectionsCap}; {perSource} is outside that.");
        }
        else if (noTcp && perSource != 0)
        {
            check.Error(RuleFields.MaxConnectionsPerSource, NoConnections(protocol, "a limit per client address", "maxConnectionsPerSource", "0"));
        }
        else if (maxOk && perSource > max)
        {
            check.Error(RuleFields.MaxConnectionsPerSource, $"Connections per client address ({perSource}) cannot be more than connections at once ({max}).");
        }
        else
        {
            check.MaxConnectionsPerSource = perSource;
        }
    }

    private static string NoConnections(Protocol? protocol, string what, string field, string neutral) => protocol == Protocol.Http
        ? $"HTTP rules are served by the panel's web server, which does not apply {what}; set {field} to {neutral}."
        : $"A UDP rule has no connections to limit; set {field} to {neutral} or choose TCP.";

    private static int Rate(RuleCheck check, string field, int? typed, string direction, bool notRelayed)
    {
        var rate = typed ?? 0;
        if (rate is < 0 or > RuleLimits.MaxRateKBps)
        {
            check.Error(field, string.Create(CultureInfo.InvariantCulture,
                $"The rate limit {direction} must be 0 (no limit) or up to {RuleLimits.MaxRateKBps:N0} KB/s; {rate} is outside that."));
            return 0;
        }

        if (notRelayed && rate != 0)
        {
            check.Error(field, $"HTTP rules are served by the panel's web server, which does not apply rate limits; set {field} to 0.");
            return 0;
        }

        return rate;
    }
}
