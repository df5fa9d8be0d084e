namespace PortFwd.Core.Rules;

/// <summary>Field names shared by the form, the API's error map and the database columns' meaning.</summary>
public static class RuleFields
{
    public const string Name = "name";
    public const string Protocol = "protocol";
    public const string ExternalPort = "externalPort";
    public const string ExternalPortEnd = "externalPortEnd";
    public const string InternalHost = "internalHost";
    public const string InternalPort = "internalPort";
    public const string AllowedSources = "allowedSources";
    public const string HostNames = "hostNames";
    public const string PathPrefix = "pathPrefix";
    public const string Description = "description";
    public const string ListenAddress = "listenAddress";
    public const string Tls = "tls";
    public const string RedirectHttp = "redirectHttp";
    public const string HttpPort = "httpPort";
    public const string Hsts = "hsts";
    public const string CertificateId = "certificateId";

    /// <summary>The confirmation a rule opening a dangerous service on the router needs (<see cref="RouterRisks"/>).</summary>
    public const string ConfirmRisk = "confirmRisk";

    // Limits and the PROXY protocol (the form's Advanced section).
    public const string ProxyProtocol = "proxyProtocol";
    public const string MaxConnections = "maxConnections";
    public const string MaxConnectionsPerSource = "maxConnectionsPerSource";
    public const string RateLimitInKBps = "rateLimitInKBps";
    public const string RateLimitOutKBps = "rateLimitOutKBps";

    // The schedule (also in the Advanced section).
    public const string Schedule = "schedule";
    public const string ScheduleDays = "schedule.days";
    public const string ScheduleFrom = "schedule.from";
    public const string ScheduleTo = "schedule.to";
}
