namespace PortFwd.Core.Rules.Validation;

/// <summary>
/// One validation in progress: the draft, the context, the errors found so far (every aspect adds to the same
/// list, so the user sees all of them at once), and the values each aspect normalized, for the aspects after it
/// and for the rule built at the end.
/// </summary>
internal sealed class RuleCheck(RuleDraft draft, RuleValidationContext context)
{
    public RuleDraft Draft { get; } = draft;

    public RuleValidationContext Context { get; } = context;

    /// <summary>Messages per field, in the order they were found.</summary>
    public Dictionary<string, List<ValidationMessage>> Errors { get; } = new(StringComparer.Ordinal);

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>Null while the protocol is missing or unknown.</summary>
    public Protocol? Protocol { get; set; }

    /// <summary>The first external port, when it is a valid port.</summary>
    public int? ExternalPort { get; set; }

    /// <summary>The last external port of a range, when it is valid and not the first one.</summary>
    public int? ExternalPortEnd { get; set; }

    /// <summary>How many ports the rule maps; 1 unless a valid range was given.</summary>
    public int PortCount => ExternalPort is { } start && ExternalPortEnd is { } end ? end - start + 1 : 1;

    /// <summary>The first internal port, when it is from 1 to 65535 (a range may still run past 65535).</summary>
    public int? InternalPort { get; set; }

    /// <summary>The normalized internal host; the trimmed text as typed when it is not a valid one.</summary>
    public string InternalHost { get; set; } = "";

    public List<string> AllowedSources { get; } = [];

    public List<string> HostNames { get; } = [];

    public string? PathPrefix { get; set; }

    public string? ListenAddress { get; set; }

    public TlsMode Tls { get; set; }

    public bool RedirectHttp { get; set; }

    public int HttpPort { get; set; } = ForwardingRule.DefaultHttpPort;

    public bool Hsts { get; set; }

    public int? CertificateId { get; set; }

    public ProxyProtocolMode ProxyProtocol { get; set; }

    public int MaxConnections { get; set; } = RuleLimits.DefaultMaxConnections;

    public int MaxConnectionsPerSource { get; set; }

    public int RateLimitInKBps { get; set; }

    public int RateLimitOutKBps { get; set; }

    public RuleSchedule? Schedule { get; set; }

    /// <summary>A message that has no template yet: English everywhere.</summary>
    public void Error(string field, string message) => Error(field, ValidationMessage.Plain(message));

    /// <summary>A message from <see cref="RuleMessages"/>: English for the API, translatable on the panel.</summary>
    public void Error(string field, MessageTemplate template, params object[] arguments) => Error(field, template.With(arguments));

    public void Error(string field, ValidationMessage message)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }

        list.Add(message);
    }

    public static bool IsPort(int port) => port is >= RuleLimits.MinPort and <= RuleLimits.MaxPort;

    /// <summary>The non-blank entries of a list, trimmed.</summary>
    public static List<string> Clean(List<string>? values) =>
        values?.Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).ToList() ?? [];
}
