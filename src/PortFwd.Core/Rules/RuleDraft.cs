namespace PortFwd.Core.Rules;

/// <summary>
/// A rule as the user typed it, in the form or the API, before validation. Every field may be missing
/// or wrong; <see cref="RuleValidator"/> turns it into a <see cref="ForwardingRule"/> or field errors.
/// </summary>
public sealed class RuleDraft
{
    public string? Name { get; set; }

    public string? Protocol { get; set; }

    public int? ExternalPort { get; set; }

    public int? ExternalPortEnd { get; set; }

    public string? InternalHost { get; set; }

    public int? InternalPort { get; set; }

    public bool Enabled { get; set; } = true;

    public bool OpenOnRouter { get; set; }

    /// <summary>
    /// The owner's "I understand" for a rule that opens a dangerous service on the router (<see cref="RouterRisks"/>);
    /// not stored: the saved rule itself records what was accepted, so an edit keeping the same risks needs no new one.
    /// </summary>
    public bool ConfirmRisk { get; set; }

    public List<string>? AllowedSources { get; set; }

    public List<string>? HostNames { get; set; }

    public string? PathPrefix { get; set; }

    public string? Description { get; set; }

    public string? ListenAddress { get; set; }

    /// <summary>off (or missing), acme, selfSigned or uploaded.</summary>
    public string? Tls { get; set; }

    public bool RedirectHttp { get; set; }

    /// <summary>Missing means <see cref="ForwardingRule.DefaultHttpPort"/>.</summary>
    public int? HttpPort { get; set; }

    public bool Hsts { get; set; }

    public int? CertificateId { get; set; }

    // Limits and the PROXY protocol: missing means the default (off, 1024, no limit).

    /// <summary>off (or missing), v1 or v2; TCP rules only.</summary>
    public string? ProxyProtocol { get; set; }

    /// <summary>Missing means <see cref="RuleLimits.DefaultMaxConnections"/>.</summary>
    public int? MaxConnections { get; set; }

    /// <summary>0 or missing: no limit per client address.</summary>
    public int? MaxConnectionsPerSource { get; set; }

    /// <summary>KB (1,024 bytes) per second from clients to the service; 0 or missing: no limit.</summary>
    public int? RateLimitInKBps { get; set; }

    /// <summary>KB per second from the service back to clients; 0 or missing: no limit.</summary>
    public int? RateLimitOutKBps { get; set; }

    /// <summary>When the rule is on; null (or missing) means always.</summary>
    public RuleScheduleDraft? Schedule { get; set; }
}
