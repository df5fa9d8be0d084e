using PortFwd.Core.Rules;

namespace PortFwd.Web.Rules;

/// <summary>What the rule form's inputs hold. Lists are typed one per line or separated by commas.</summary>
public sealed class RuleFormModel
{
    private static readonly char[] ListSeparators = [',', '\n', '\r', ' ', ';'];

    public string Name { get; set; } = "";

    /// <summary>The protocol chosen; null only when a draft came with a name the panel does not know (the validator then says so).</summary>
    public Protocol? Protocol { get; set; } = Core.Rules.Protocol.Tcp;

    public int? ExternalPort { get; set; }

    public int? ExternalPortEnd { get; set; }

    public string InternalHost { get; set; } = "";

    public int? InternalPort { get; set; }

    public bool Enabled { get; set; } = true;

    public bool OpenOnRouter { get; set; }

    /// <summary>The "I understand…" box shown for a dangerous service opened on the router; never carried over from a draft, so each new risk is confirmed anew.</summary>
    public bool ConfirmRisk { get; set; }

    public string AllowedSources { get; set; } = "";

    public string HostNames { get; set; } = "";

    public string PathPrefix { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Not an input of the form (set through the API); kept so that editing a rule does not widen it to all addresses.</summary>
    public string? ListenAddress { get; set; }

    // HTTP rules' HTTPS fields.
    public string? Tls { get; set; }

    public bool RedirectHttp { get; set; }

    public int? HttpPort { get; set; }

    public bool Hsts { get; set; }

    public int? CertificateId { get; set; }

    // The Advanced section's limits and PROXY protocol (RuleLimitsFields); empty boxes mean the defaults.
    public string ProxyProtocol { get; set; } = "off";

    public int? MaxConnections { get; set; }

    public int? MaxConnectionsPerSource { get; set; }

    public int? RateLimitInKBps { get; set; }

    public int? RateLimitOutKBps { get; set; }

    /// <summary>Whether a limit or the PROXY protocol differs from its default: the Advanced section opens by itself then.</summary>
    public bool HasLimits =>
        ProxyProtocol != "off"
        || MaxConnections is { } max && max != RuleLimits.DefaultMaxConnections
        || MaxConnectionsPerSource is not (null or 0)
        || RateLimitInKBps is not (null or 0)
        || RateLimitOutKBps is not (null or 0);

    /// <summary>The Advanced section's schedule.</summary>
    public RuleScheduleFormModel Schedule { get; set; } = RuleScheduleFormModel.Of(null);

    public bool IsHttp => Protocol == Core.Rules.Protocol.Http;

    public static RuleFormModel From(RuleDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new()
        {
            Name = draft.Name ?? "",
            Protocol = draft.Protocol is null ? Core.Rules.Protocol.Tcp : ProtocolNames.TryParse(draft.Protocol, out var protocol) ? protocol : null,
            ExternalPort = draft.ExternalPort,
            ExternalPortEnd = draft.ExternalPortEnd,
            InternalHost = draft.InternalHost ?? "",
            InternalPort = draft.InternalPort,
            Enabled = draft.Enabled,
            OpenOnRouter = draft.OpenOnRouter,
            AllowedSources = string.Join(", ", draft.AllowedSources ?? []),
            HostNames = string.Join(", ", draft.HostNames ?? []),
            PathPrefix = draft.PathPrefix ?? "",
            Description = draft.Description ?? "",
            ListenAddress = draft.ListenAddress,
            Tls = draft.Tls,
            RedirectHttp = draft.RedirectHttp,
            HttpPort = draft.HttpPort,
            Hsts = draft.Hsts,
            CertificateId = draft.CertificateId,
            ProxyProtocol = ProxyProtocolModeNames.TryParse(draft.ProxyProtocol, out var mode) ? mode.ToName() : draft.ProxyProtocol ?? "off",
            MaxConnections = draft.MaxConnections,
            MaxConnectionsPerSource = draft.MaxConnectionsPerSource,
            RateLimitInKBps = draft.RateLimitInKBps,
            RateLimitOutKBps = draft.RateLimitOutKBps,
            Schedule = RuleScheduleFormModel.Of(draft.Schedule),
        };
    }

    public RuleDraft ToDraft() => new()
    {
        Name = Name,
        // The draft is the input as the API takes it: the protocol by its wire name.
        Protocol = Protocol?.ToName(),
        ExternalPort = ExternalPort,
        ExternalPortEnd = ExternalPortEnd,
        InternalHost = InternalHost,
        InternalPort = InternalPort,
        Enabled = Enabled,
        OpenOnRouter = OpenOnRouter,
        ConfirmRisk = ConfirmRisk,
        AllowedSources = SplitList(AllowedSources),
        HostNames = IsHttp ? SplitList(HostNames) : [],
        PathPrefix = IsHttp ? PathPrefix : null,
        Description = Description,
        ListenAddress = ListenAddress,
        Tls = IsHttp ? Tls : null,
        RedirectHttp = IsHttp && RedirectHttp,
        HttpPort = HttpPort,
        Hsts = IsHttp && Hsts,
        CertificateId = IsHttp ? CertificateId : null,
        ProxyProtocol = ProxyProtocol,
        MaxConnections = MaxConnections,
        MaxConnectionsPerSource = MaxConnectionsPerSource,
        RateLimitInKBps = RateLimitInKBps,
        RateLimitOutKBps = RateLimitOutKBps,
        Schedule = Schedule.ToDraft(),
    };

    /// <summary>
    /// The dangerous services the rule as typed would open on the router, less those <paramref name="accepted"/> (the saved
    /// rule's, when editing): the ones the form asks to confirm. None while the ports or the protocol are not filled in.
    /// </summary>
    public IReadOnlyList<RouterRisk> NewRouterRisks(RuleValidationContext context, IReadOnlyCollection<RouterRisk> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        if (!OpenOnRouter || Protocol is not { } protocol || ExternalPort is not { } start || InternalPort is not { } target)
        {
            return [];
        }

        var external = new PortRange(start, Math.Max(start, ExternalPortEnd ?? start));
        var risks = RouterRisks.Of(protocol, external, InternalHost.Trim().ToLowerInvariant(), new PortRange(target, target + external.Count - 1), context);
        return [.. risks.Where(r => !accepted.Contains(r))];
    }

    /// <summary>Fills the fields a preset decides; keeps the internal host the user already typed.</summary>
    public void Apply(RulePreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        Name = string.IsNullOrWhiteSpace(Name) || RulePresets.All.Any(p => p.Name == Name) ? preset.Name : Name;
        Protocol = preset.Protocol;
        ExternalPort = preset.Port;
        ExternalPortEnd = null;
        InternalPort = preset.Port;
    }

    private static List<string> SplitList(string text) =>
        [.. text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
