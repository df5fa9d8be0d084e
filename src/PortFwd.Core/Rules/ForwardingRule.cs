namespace PortFwd.Core.Rules;

/// <summary>
/// A saved port-forwarding rule: traffic arriving on the external port (or range) is carried to the
/// internal host and port. This is the desired state; what is actually running is reported separately.
/// </summary>
public sealed class ForwardingRule
{
    /// <summary>The port a redirect to HTTPS answers on unless the rule says otherwise.</summary>
    public const int DefaultHttpPort = 80;

    public int Id { get; set; }

    public string Name { get; set; } = "";

    public Protocol Protocol { get; set; }

    public int ExternalPort { get; set; }

    /// <summary>Last port of the external range, inclusive; null for a single port.</summary>
    public int? ExternalPortEnd { get; set; }

    public string InternalHost { get; set; } = "";

    /// <summary>First port of the target range; a range maps one to one.</summary>
    public int InternalPort { get; set; }

    public bool Enabled { get; set; } = true;

    public bool OpenOnRouter { get; set; }

    /// <summary>Source networks (CIDR) allowed to connect; empty means anyone.</summary>
    public List<string> AllowedSources { get; set; } = [];

    /// <summary>HTTP rules only: host names this rule answers for; empty means any host.</summary>
    public List<string> HostNames { get; set; } = [];

    /// <summary>HTTP rules only: the path prefix this rule answers for.</summary>
    public string? PathPrefix { get; set; }

    public string? Description { get; set; }

    /// <summary>Local address to listen on; null means the configured default (all addresses).</summary>
    public string? ListenAddress { get; set; }

    /// <summary>HTTP rules only: whether the rule answers over HTTPS, and where its certificate comes from.</summary>
    public TlsMode Tls { get; set; }

    /// <summary>HTTPS rules only: answer plain HTTP on <see cref="HttpPort"/> with a redirect to HTTPS.</summary>
    public bool RedirectHttp { get; set; }

    /// <summary>The plain HTTP port the redirect (and the ACME challenge) answers on.</summary>
    public int HttpPort { get; set; } = DefaultHttpPort;

    /// <summary>HTTPS rules only: send <c>Strict-Transport-Security</c> so browsers stay on HTTPS.</summary>
    public bool Hsts { get; set; }

    /// <summary>For <see cref="TlsMode.Uploaded"/>: the stored certificate the rule serves.</summary>
    public int? CertificateId { get; set; }

    // Limits and the PROXY protocol (TCP; the rates also UDP).

    /// <summary>TCP rules: the PROXY protocol header sent to the service first on each connection.</summary>
    public ProxyProtocolMode ProxyProtocol { get; set; }

    /// <summary>Concurrent TCP connections; more are refused.</summary>
    public int MaxConnections { get; set; } = RuleLimits.DefaultMaxConnections;

    /// <summary>Concurrent TCP connections from one client address; 0 is no limit.</summary>
    public int MaxConnectionsPerSource { get; set; }

    /// <summary>KB (1,024 bytes) per second from clients to the service, shared by all of them; 0 is no limit.</summary>
    public int RateLimitInKBps { get; set; }

    /// <summary>KB per second from the service back to clients; 0 is no limit.</summary>
    public int RateLimitOutKBps { get; set; }

    /// <summary>When the rule is on while enabled; null means always.</summary>
    public RuleSchedule? Schedule { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whether the rule answers over HTTPS.</summary>
    public bool UsesTls => Protocol == Protocol.Http && Tls != TlsMode.Off;

    /// <summary>Whether the rule also listens on <see cref="HttpPort"/> to redirect plain HTTP.</summary>
    public bool RedirectsHttp => UsesTls && RedirectHttp;

    public PortRange ExternalPorts => new(ExternalPort, ExternalPortEnd ?? ExternalPort);

    public PortRange InternalPorts => new(InternalPort, InternalPort + ExternalPorts.Count - 1);

    /// <summary>The internal host as it is written before ":port" (an IPv6 address in brackets).</summary>
    public string InternalHostForPort => InternalHost.Contains(':', StringComparison.Ordinal) ? $"[{InternalHost}]" : InternalHost;

    /// <summary>The draft that would recreate this rule, for editing.</summary>
    public RuleDraft ToDraft() => new()
    {
        Name = Name,
        Protocol = Protocol.ToName(),
        ExternalPort = ExternalPort,
        ExternalPortEnd = ExternalPortEnd,
        InternalHost = InternalHost,
        InternalPort = InternalPort,
        Enabled = Enabled,
        OpenOnRouter = OpenOnRouter,
        AllowedSources = [.. AllowedSources],
        HostNames = [.. HostNames],
        PathPrefix = PathPrefix,
        Description = Description,
        ListenAddress = ListenAddress,
        Tls = Tls.ToName(),
        RedirectHttp = RedirectHttp,
        HttpPort = HttpPort,
        Hsts = Hsts,
        CertificateId = CertificateId,
        ProxyProtocol = ProxyProtocol.ToName(),
        MaxConnections = MaxConnections,
        MaxConnectionsPerSource = MaxConnectionsPerSource,
        RateLimitInKBps = RateLimitInKBps,
        RateLimitOutKBps = RateLimitOutKBps,
        Schedule = RuleScheduleDraft.Of(Schedule),
    };

    /// <summary>Copies the user-editable fields of a validated rule onto this one (keeps id and timestamps).</summary>
    public void CopyEditableFrom(ForwardingRule other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Name = other.Name;
        Protocol = other.Protocol;
        ExternalPort = other.ExternalPort;
        ExternalPortEnd = other.ExternalPortEnd;
        InternalHost = other.InternalHost;
        InternalPort = other.InternalPort;
        Enabled = other.Enabled;
        OpenOnRouter = other.OpenOnRouter;
        AllowedSources = [.. other.AllowedSources];
        HostNames = [.. other.HostNames];
        PathPrefix = other.PathPrefix;
        Description = other.Description;
        ListenAddress = other.ListenAddress;
        Tls = other.Tls;
        RedirectHttp = other.RedirectHttp;
        HttpPort = other.HttpPort;
        Hsts = other.Hsts;
        CertificateId = other.CertificateId;
        ProxyProtocol = other.ProxyProtocol;
        MaxConnections = other.MaxConnections;
        MaxConnectionsPerSource = other.MaxConnectionsPerSource;
        RateLimitInKBps = other.RateLimitInKBps;
        RateLimitOutKBps = other.RateLimitOutKBps;
        Schedule = other.Schedule;
    }

    /// <summary>Whether the rule should forward at <paramref name="now"/>: enabled, and inside its schedule if it has one.</summary>
    public bool IsOnAt(DateTimeOffset now, TimeZoneInfo zone) => Enabled && (Schedule?.IsOpen(now, zone) ?? true);
}
