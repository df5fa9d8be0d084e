using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Settings;

namespace PortFwd.Web.Hosting;

/// <summary>
/// The <c>PortFwd</c> section of appsettings.json. Checked and parsed once at start (<see cref="SettingsValidator{TOptions}"/>):
/// the <c>Parsed…</c> values are set then, and the raw strings are not read anywhere else.
/// </summary>
public sealed class PortFwdOptions : IParsedSettings
{
    public const string Section = "PortFwd";

    /// <summary>Holds portfwd.db and the Data Protection keys. Relative paths are from the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>When set and no account exists yet, the account "admin" is created with it on start.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Default address rules listen on; empty means all addresses.</summary>
    public string? ListenAddress { get; set; }

    /// <summary>How often every saved rule is applied again, so a rule that failed (port in use) heals.</summary>
    [Range(1, 3600)]
    public int ResyncSeconds { get; set; } = 30;

    public RouterOptions Router { get; set; } = new();

    public string ResolvedDataDirectory => Path.GetFullPath(DataDirectory);

    /// <summary><see cref="ListenAddress"/> as parsed at start; null means every address.</summary>
    public IPAddress? ParsedListenAddress { get; private set; }

    void IParsedSettings.Parse(string section, ICollection<ValidationMessage> problems) =>
        ParsedListenAddress = SettingValues.Parse<IPAddress>(ListenAddress, $"{section}:{nameof(ListenAddress)}", SettingValues.TryParseAddress,
            SettingsMessages.ListenAddress, problems);
}

/// <summary>The <c>PortFwd:Router</c> section: the home router client.</summary>
public sealed class RouterOptions : IParsedSettings
{
    /// <summary>NAT-PMP and PCP listen here; a gateway written without a port means this one.</summary>
    public const int DefaultGatewayPort = 5351;

    public bool Enabled { get; set; } = true;

    public string? LocalAddress { get; set; }

    public string? Gateway { get; set; }

    public string? DescriptionUrl { get; set; }

    [Range(120, 604800)]
    public int LeaseSeconds { get; set; } = 3600;

    [Range(1, 86400)]
    public int ResyncSeconds { get; set; } = 60;

    /// <summary><see cref="LocalAddress"/> as parsed at start; null means the LAN address found on the network.</summary>
    public IPAddress? ParsedLocalAddress { get; private set; }

    /// <summary><see cref="Gateway"/> as parsed at start (port <see cref="DefaultGatewayPort"/> when none was written); null means the default gateway.</summary>
    public IPEndPoint? ParsedGateway { get; private set; }

    /// <summary><see cref="DescriptionUrl"/> as parsed at start; null means searching the LAN (SSDP).</summary>
    public Uri? ParsedDescriptionUrl { get; private set; }

    void IParsedSettings.Parse(string section, ICollection<ValidationMessage> problems)
    {
        ParsedLocalAddress = SettingValues.Parse<IPAddress>(LocalAddress, $"{section}:{nameof(LocalAddress)}", SettingValues.TryParseAddress,
            SettingsMessages.LocalAddress, problems);
        ParsedGateway = SettingValues.Parse(Gateway, $"{section}:{nameof(Gateway)}",
            (string text, [NotNullWhen(true)] out IPEndPoint? gateway) => SettingValues.TryParseEndPoint(text, DefaultGatewayPort, out gateway),
            SettingsMessages.Gateway, problems);
        ParsedDescriptionUrl = SettingValues.Parse<Uri>(DescriptionUrl, $"{section}:{nameof(DescriptionUrl)}", SettingValues.TryParseHttpUrl,
            SettingsMessages.DescriptionUrl, problems);
    }
}
