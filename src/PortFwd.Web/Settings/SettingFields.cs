using System.Globalization;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Accounts.Sessions;
using PortFwd.Web.Audit;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;
using PortFwd.Web.Reachability;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Settings;

/// <summary>What kind of value a setting holds, which decides how it is written, read and sent.</summary>
public enum SettingKind
{
    /// <summary>true or false.</summary>
    Switch,

    /// <summary>A whole number.</summary>
    Number,

    /// <summary>Text, where empty has a meaning of its own (find it, every address, off).</summary>
    Text,

    /// <summary>A list of text items, saved as a whole.</summary>
    List,
}

/// <summary>
/// A setting the panel can change: its field name (the page's and the API's), its configuration key, and where its
/// current value is read from the bound options. None of them is a secret, so every value may be shown and returned.
/// </summary>
public sealed record SettingField(string Name, string Key, SettingKind Kind, string Group, string Label, string Help, Func<SettingsView, object> Read);

/// <summary>Every setting the Settings page and <c>/api/settings</c> can change, in the order the page shows them.</summary>
public static class SettingFields
{
    public const string RouterGroup = "Router client (UPnP IGD, NAT-PMP, PCP)";
    public const string ForwardingGroup = "Forwarding";
    public const string TrafficGroup = "Traffic history";
    public const string PublicAddressGroup = "Public address";
    public const string ReachabilityGroup = "Reachability probe";
    public const string AuditGroup = "Audit log";
    public const string SessionsGroup = "Sign-in";

    public static IReadOnlyList<SettingField> All { get; } =
    [
        new("routerEnabled", "PortFwd:Router:Enabled", SettingKind.Switch, RouterGroup, "Talk to the router",
            "Ask the home router to open the ports of rules marked \"Open on router\".", v => v.Panel.Router.Enabled),
        new("routerLocalAddress", "PortFwd:Router:LocalAddress", SettingKind.Text, RouterGroup, "This machine's LAN address",
            "The address to search from and to map ports to; empty finds it.", v => v.Panel.Router.LocalAddress ?? ""),
        new("routerGateway", "PortFwd:Router:Gateway", SettingKind.Text, RouterGroup, "Router address (NAT-PMP / PCP)",
            "The router's IP address, optionally with a port; empty uses the default gateway.", v => v.Panel.Router.Gateway ?? ""),
        new("routerDescriptionUrl", "PortFwd:Router:DescriptionUrl", SettingKind.Text, RouterGroup, "UPnP description URL",
            "The http:// URL of the router's UPnP description, to skip the search; empty searches the LAN.", v => v.Panel.Router.DescriptionUrl ?? ""),
        new("routerLeaseSeconds", "PortFwd:Router:LeaseSeconds", SettingKind.Number, RouterGroup, "Mapping lease (seconds)",
            "How long each mapping is asked for; it is renewed at half-life.", v => v.Panel.Router.LeaseSeconds),
        new("routerResyncSeconds", "PortFwd:Router:ResyncSeconds", SettingKind.Number, RouterGroup, "Router check (seconds)",
            "How often the router is checked and missing mappings are added again.", v => v.Panel.Router.ResyncSeconds),
        new("listenAddress", "PortFwd:ListenAddress", SettingKind.Text, ForwardingGroup, "Default listen address",
            "Where rules without a listen address of their own listen; empty means every address.", v => v.Panel.ListenAddress ?? ""),
        new("resyncSeconds", "PortFwd:ResyncSeconds", SettingKind.Number, ForwardingGroup, "Rule resync (seconds)",
            "How often every rule is applied again, so a rule that failed (port in use) heals.", v => v.Panel.ResyncSeconds),
        new("trafficMinuteRetentionHours", "PortFwd:Traffic:MinuteRetentionHours", SettingKind.Number, TrafficGroup, "Minute history (hours)",
            "How long per-minute traffic is kept.", v => v.Traffic.MinuteRetentionHours),
        new("trafficHourRetentionDays", "PortFwd:Traffic:HourRetentionDays", SettingKind.Number, TrafficGroup, "Hour history (days)",
            "How long per-hour traffic is kept.", v => v.Traffic.HourRetentionDays),
        new("publicAddressEchoUrls", "PortFwd:PublicAddress:EchoUrls", SettingKind.List, PublicAddressGroup, "\"What is my IP\" services",
            "Asked in order when a Dynamic DNS name needs the public address and the router cannot give it; none means never ask the internet.",
            v => v.PublicAddress.EchoUrls ?? [.. PublicAddressOptions.DefaultEchoUrls.Select(u => u.ToString())]),
        new("publicAddressCheckSeconds", "PortFwd:PublicAddress:CheckSeconds", SettingKind.Number, PublicAddressGroup, "Address check (seconds)",
            "How often the public address is checked again.", v => v.PublicAddress.CheckSeconds),
        new("reachabilityProbeUrl", "PortFwd:Reachability:ProbeUrl", SettingKind.Text, ReachabilityGroup, "Probe URL",
            "An echoip port test with {port} where the port goes; empty switches the probe off.",
            v => v.Reachability.ProbeUrl ?? ReachabilityOptions.DefaultProbeUrl),
        new("reachabilityProbeIntervalSeconds", "PortFwd:Reachability:ProbeIntervalSeconds", SettingKind.Number, ReachabilityGroup, "Probe reuse (seconds)",
            "A rule's probe answer is reused this long instead of asking again.", v => v.Reachability.ProbeIntervalSeconds),
        new("reachabilityTimeoutSeconds", "PortFwd:Reachability:TimeoutSeconds", SettingKind.Number, ReachabilityGroup, "Check time limit (seconds)",
            "How long one whole reachability check may take.", v => v.Reachability.TimeoutSeconds),
        new("reachabilityMaxRunningChecks", "PortFwd:Reachability:MaxRunningChecks", SettingKind.Number, ReachabilityGroup, "Checks at once",
            "Reachability checks allowed to run at the same time, over all rules.", v => v.Reachability.MaxRunningChecks),
        new("auditRetentionDays", "PortFwd:Audit:RetentionDays", SettingKind.Number, AuditGroup, "Audit log (days)",
            "How long the Log page keeps who changed what.", v => v.Audit.RetentionDays),
        new("sessionLifetimeDays", "PortFwd:Accounts:SessionLifetimeDays", SettingKind.Number, SessionsGroup, "Sign-in lasts (days)",
            "A browser signs in again this long after it signed in, however busy.", v => v.Sessions.SessionLifetimeDays),
        new("sessionIdleHours", "PortFwd:Accounts:SessionIdleHours", SettingKind.Number, SessionsGroup, "Idle sign-out (hours)",
            "A browser with no request and no open page for this long is signed out; 0 means never.", v => v.Sessions.SessionIdleHours),
    ];

    /// <summary>The keys saved as a whole list (their items from other sources are hidden when the panel saves one).</summary>
    public static IReadOnlySet<string> ListKeys { get; } = All.Where(f => f.Kind == SettingKind.List).Select(f => f.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The setting named <paramref name="name"/> (any case), or null.</summary>
    public static SettingField? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A value as the configuration holds it.</summary>
    internal static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        int n => n.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>The options classes the settings belong to, bound from one configuration (the live one, or one being tried).</summary>
public sealed class SettingsView
{
    private readonly List<ValidationMessage> _bindProblems = [];

    public SettingsView(IConfiguration configuration)
    {
        Panel = Bind<PortFwdOptions>(configuration, PortFwdOptions.Section);
        Traffic = Bind<TrafficOptions>(configuration, TrafficOptions.Section);
        PublicAddress = Bind<PublicAddressOptions>(configuration, PublicAddressOptions.Section);
        Reachability = Bind<ReachabilityOptions>(configuration, ReachabilityOptions.Section);
        Audit = Bind<AuditOptions>(configuration, AuditOptions.Section);
        Sessions = Bind<PanelSessionOptions>(configuration, PanelSessionOptions.Section);
    }

    public PortFwdOptions Panel { get; }

    public TrafficOptions Traffic { get; }

    public PublicAddressOptions PublicAddress { get; }

    public ReachabilityOptions Reachability { get; }

    public AuditOptions Audit { get; }

    public PanelSessionOptions Sessions { get; }

    /// <summary>Every problem the start checks would report for these values, one sentence each (coded when it can be), naming the key.</summary>
    public IReadOnlyList<ValidationMessage> Problems() =>
    [
        .. _bindProblems,
        .. Check(Panel, PortFwdOptions.Section),
        .. Check(Traffic, TrafficOptions.Section),
        .. Check(PublicAddress, PublicAddressOptions.Section),
        .. Check(Reachability, ReachabilityOptions.Section),
        .. Check(Audit, AuditOptions.Section),
        .. Check(Sessions, PanelSessionOptions.Section),
    ];

    private static IEnumerable<ValidationMessage> Check<T>(T options, string section)
        where T : class => new SettingsValidator<T>(section).Messages(options);

    private T Bind<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // A value that does not convert (text for a number) in a file the panel's value was hiding: it names the key.
            _bindProblems.Add(ValidationMessage.Plain(ex.Message));
            return new T();
        }
    }
}
