using System.ComponentModel.DataAnnotations;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Hosting;
using PortFwd.Web.Settings;

namespace PortFwd.Web.Reachability;

/// <summary>
/// The <c>PortFwd:Reachability</c> section: the outside probe a reachability check asks to connect back. Nothing is
/// asked until someone presses "Check" on a rule (or calls <c>POST /api/rules/{id}/check</c>).
/// </summary>
public sealed class ReachabilityOptions : IParsedSettings
{
    public const string Section = "PortFwd:Reachability";

    /// <summary>Where <see cref="ProbeUrl"/> puts the port.</summary>
    public const string PortPlaceholder = "{port}";

    /// <summary>Used when <see cref="ProbeUrl"/> is not set at all.</summary>
    public const string DefaultProbeUrl = "https://ifconfig.co/port/{port}";

    /// <summary>
    /// An echoip service's port test (<c>GET …/port/{port}</c> answering JSON <c>{"ip", "port", "reachable"}</c>): it tries a
    /// TCP connection back to the address the request came from. Not set: <see cref="DefaultProbeUrl"/>; empty: no probe.
    /// </summary>
    public string? ProbeUrl { get; set; }

    /// <summary>A rule's probe answer is reused for this long instead of asking again (a script cannot make the panel hammer the probe).</summary>
    [Range(1, 3600)]
    public int ProbeIntervalSeconds { get; set; } = 10;

    /// <summary>How long one whole check may take; each step also has its own, shorter, limit.</summary>
    [Range(2, 60)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Checks allowed to run at once, over all rules; more are refused until one ends.</summary>
    [Range(1, 64)]
    public int MaxRunningChecks { get; set; } = 4;

    /// <summary><see cref="ProbeUrl"/> as parsed at start (with the placeholder still in it); null when the probe is off, and
    /// until the settings are checked: options made by hand never reach the public default.</summary>
    public string? ParsedProbeUrl { get; private set; }

    /// <summary>The probe's URL for one port.</summary>
    public static Uri ProbeUrlFor(string template, int port) =>
        new(template.Replace(PortPlaceholder, port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

    void IParsedSettings.Parse(string section, ICollection<ValidationMessage> problems)
    {
        if (ProbeUrl is null)
        {
            ParsedProbeUrl = DefaultProbeUrl;
            return;
        }

        var text = ProbeUrl.Trim();
        if (text.Length == 0)
        {
            ParsedProbeUrl = null;
            return;
        }

        var key = $"{section}:{nameof(ProbeUrl)}";
        if (!text.Contains(PortPlaceholder, StringComparison.Ordinal)
            || !SettingValues.TryParseWebUrl(text.Replace(PortPlaceholder, "1", StringComparison.Ordinal), out _))
        {
            problems.Add(SettingsMessages.ProbeUrl.With(key, ProbeUrl, PortPlaceholder, DefaultProbeUrl));
            ParsedProbeUrl = null;
            return;
        }

        ParsedProbeUrl = text;
    }
}
