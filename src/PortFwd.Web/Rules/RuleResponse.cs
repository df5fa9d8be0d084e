using PortFwd.Core.Rules;

namespace PortFwd.Web.Rules;

/// <summary>A rule as the API shows it.</summary>
/// <param name="Id">The rule's id, for <c>/api/rules/{id}</c>.</param>
/// <param name="Name">What the user calls the rule.</param>
/// <param name="Protocol">tcp, udp, tcpudp or http.</param>
/// <param name="ExternalPort">The port on this machine that is forwarded (the first of a range).</param>
/// <param name="ExternalPortEnd">The last port of a range, or null for one port.</param>
/// <param name="InternalHost">Where the traffic goes: an address or a host name.</param>
/// <param name="InternalPort">The port there (the first of a range).</param>
/// <param name="Enabled">Whether the rule forwards now.</param>
/// <param name="OpenOnRouter">Whether PortFwd also opens the port on the home router.</param>
/// <param name="AllowedSources">Addresses or networks (CIDR) allowed in; empty allows everyone.</param>
/// <param name="HostNames">For http rules: the host names the rule answers; empty answers any.</param>
/// <param name="PathPrefix">For http rules: the path the rule answers under, or null for all.</param>
/// <param name="Description">The user's note.</param>
/// <param name="ListenAddress">The address of this machine the rule listens on, or null for the panel's default.</param>
/// <param name="Tls">For http rules: off, or HTTPS with a certificate from acme (Let's Encrypt), selfSigned or uploaded.</param>
/// <param name="RedirectHttp">For HTTPS rules: plain HTTP on <paramref name="HttpPort"/> answers with a redirect to HTTPS.</param>
/// <param name="HttpPort">The plain HTTP port the redirect answers on (80 unless set).</param>
/// <param name="Hsts">For HTTPS rules: answers carry Strict-Transport-Security, so browsers stay on HTTPS.</param>
/// <param name="CertificateId">For tls uploaded: the certificate the rule serves (<c>/api/certificates</c>).</param>
/// <param name="ProxyProtocol">For TCP rules: off, or the PROXY protocol header (v1 text, v2 binary) sent to the service first, naming the client.</param>
/// <param name="MaxConnections">TCP connections at once; more are refused (1024 unless set).</param>
/// <param name="MaxConnectionsPerSource">TCP connections at once from one client address; 0 is no limit.</param>
/// <param name="RateLimitInKBps">KB (1,024 bytes) per second from clients to the service, shared by all of them; 0 is no limit.</param>
/// <param name="RateLimitOutKBps">KB per second from the service back to clients; 0 is no limit.</param>
/// <param name="Schedule">When the rule is on while enabled: days and a time window in the machine's time zone; null for always.</param>
/// <param name="CreatedAt">When the rule was saved first.</param>
/// <param name="UpdatedAt">When the rule was saved last.</param>
public sealed record RuleResponse(
    int Id,
    string Name,
    Protocol Protocol,
    int ExternalPort,
    int? ExternalPortEnd,
    string InternalHost,
    int InternalPort,
    bool Enabled,
    bool OpenOnRouter,
    IReadOnlyList<string> AllowedSources,
    IReadOnlyList<string> HostNames,
    string? PathPrefix,
    string? Description,
    string? ListenAddress,
    TlsMode Tls,
    bool RedirectHttp,
    int HttpPort,
    bool Hsts,
    int? CertificateId,
    ProxyProtocolMode ProxyProtocol,
    int MaxConnections,
    int MaxConnectionsPerSource,
    int RateLimitInKBps,
    int RateLimitOutKBps,
    RuleScheduleResponse? Schedule,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static RuleResponse From(ForwardingRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(rule.Id, rule.Name, rule.Protocol, rule.ExternalPort, rule.ExternalPortEnd, rule.InternalHost,
            rule.InternalPort, rule.Enabled, rule.OpenOnRouter, rule.AllowedSources, rule.HostNames, rule.PathPrefix,
            rule.Description, rule.ListenAddress, rule.Tls, rule.RedirectHttp, rule.HttpPort, rule.Hsts, rule.CertificateId,
            rule.ProxyProtocol, rule.MaxConnections, rule.MaxConnectionsPerSource, rule.RateLimitInKBps, rule.RateLimitOutKBps,
            RuleScheduleResponse.Of(rule.Schedule), rule.CreatedAt, rule.UpdatedAt);
    }
}

/// <summary>What a rule is doing right now (<c>GET /api/rules/{id}/status</c>).</summary>
/// <param name="State">active, pending, scheduled (enabled, outside its schedule), disabled or error.</param>
/// <param name="Message">Why, for a rule in error (or on its way); for a scheduled rule, until when it is off ("Off by schedule until Fri 18:00").</param>
/// <param name="Listening">The addresses and ports the rule listens on now.</param>
/// <param name="Router">Its mapping on the home router, when the rule asks for one.</param>
public sealed record RuleStatusResponse(Forwarding.RuleState State, string? Message, IReadOnlyList<string> Listening, HomeRouter.RouterRuleStatus? Router);
