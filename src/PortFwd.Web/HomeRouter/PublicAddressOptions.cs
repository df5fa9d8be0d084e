using System.ComponentModel.DataAnnotations;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Hosting;
using PortFwd.Web.Settings;

namespace PortFwd.Web.HomeRouter;

/// <summary>
/// The <c>PortFwd:PublicAddress</c> section: where the public address comes from when the router cannot give it.
/// Echo services are asked only when something enabled (a Dynamic DNS name) needs the address.
/// </summary>
public sealed class PublicAddressOptions : IParsedSettings
{
    public const string Section = "PortFwd:PublicAddress";

    /// <summary>Asked, in this order, when <see cref="EchoUrls"/> is not set at all.</summary>
    public static IReadOnlyList<Uri> DefaultEchoUrls { get; } =
        [new("https://api.ipify.org/"), new("https://ifconfig.co/ip"), new("https://icanhazip.com/")];

    /// <summary>
    /// "What is my IP" services (the echoip format: the address as plain text, or JSON <c>{"ip": …}</c>), tried in order.
    /// Not set: <see cref="DefaultEchoUrls"/>; set to an empty value: never ask the internet.
    /// </summary>
    public string[]? EchoUrls { get; set; }

    /// <summary>How often the public address is checked again; a new address from the router is checked at once.</summary>
    [Range(30, 86400)]
    public int CheckSeconds { get; set; } = 300;

    /// <summary><see cref="EchoUrls"/> as parsed at start; empty means never ask.</summary>
    public IReadOnlyList<Uri> ParsedEchoUrls { get; private set; } = DefaultEchoUrls;

    void IParsedSettings.Parse(string section, ICollection<ValidationMessage> problems)
    {
        if (EchoUrls is null)
        {
            ParsedEchoUrls = DefaultEchoUrls;
            return;
        }

        var parsed = new List<Uri>();
        for (var i = 0; i < EchoUrls.Length; i++)
        {
            if (SettingValues.Parse<Uri>(EchoUrls[i], $"{section}:{nameof(EchoUrls)}:{i}", SettingValues.TryParseWebUrl,
                SettingsMessages.EchoUrl, problems) is { } url)
            {
                parsed.Add(url);
            }
        }

        ParsedEchoUrls = parsed;
    }
}
