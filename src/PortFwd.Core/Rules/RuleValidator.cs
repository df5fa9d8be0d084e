using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.Rules;

/// <summary>
/// Checks a rule as typed and normalizes it. The form and the API both use this, so the same input
/// gets the same messages everywhere. Each aspect (name, protocol, ports, target, sources, listen address,
/// HTTP fields, HTTPS, limits, schedule) has its own validator; all of them run and add to one error list, so every mistake shows at once.
/// Conflicts with other rules are checked by <see cref="RuleConflicts"/>.
/// </summary>
public static class RuleValidator
{
    /// <summary>In this order: later aspects read what earlier ones normalized (the protocol, the port range).</summary>
    private static readonly IRuleAspectValidator[] Aspects =
    [
        new NameValidator(),
        new ProtocolValidator(),
        new PortsValidator(),
        new TargetValidator(),
        new AllowedSourcesValidator(),
        new ListenAddressValidator(),
        new HttpFieldsValidator(),
        new TlsValidator(),
        new LimitsValidator(),
        new ScheduleValidator(),
    ];

    public static RuleValidationResult Validate(RuleDraft draft, RuleValidationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var check = new RuleCheck(draft, context ?? RuleValidationContext.Empty);
        foreach (var aspect in Aspects)
        {
            aspect.Validate(check);
        }

        if (check.Errors.Count > 0)
        {
            return RuleValidationResult.Fail(check.Errors);
        }

        var rule = new ForwardingRule
        {
            Name = check.Name,
            Protocol = check.Protocol!.Value,
            ExternalPort = check.ExternalPort!.Value,
            ExternalPortEnd = check.ExternalPortEnd,
            InternalHost = check.InternalHost,
            InternalPort = check.InternalPort!.Value,
            Enabled = draft.Enabled,
            OpenOnRouter = draft.OpenOnRouter,
            AllowedSources = check.AllowedSources,
            HostNames = check.HostNames,
            PathPrefix = check.PathPrefix,
            Description = check.Description,
            ListenAddress = check.ListenAddress,
            Tls = check.Tls,
            RedirectHttp = check.RedirectHttp,
            HttpPort = check.HttpPort,
            Hsts = check.Hsts,
            CertificateId = check.CertificateId,
            ProxyProtocol = check.ProxyProtocol,
            MaxConnections = check.MaxConnections,
            MaxConnectionsPerSource = check.MaxConnectionsPerSource,
            RateLimitInKBps = check.RateLimitInKBps,
            RateLimitOutKBps = check.RateLimitOutKBps,
            Schedule = check.Schedule,
        };
        return RuleValidationResult.Ok(rule);
    }

    /// <summary>
    /// The host name a draft's internal host would be saved as, when it is a name to look up (not an address,
    /// not "localhost", not invalid); else null. Resolve it and pass the addresses in
    /// <see cref="RuleValidationContext.HostAddresses"/> under this name, so a name of this machine is caught too.
    /// </summary>
    public static string? HostNameToResolve(RuleDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return TargetValidator.HostNameToResolve(draft);
    }
}
