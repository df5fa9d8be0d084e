using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Settings;

/// <summary>
/// Why a setting's value is refused, with codes, so the Settings page says it in the person's language
/// ("Msg.Settings.{code}") while the start and <c>/api/settings</c> write the English.
/// </summary>
public static class SettingsMessages
{
    public static readonly MessageTemplate Required = new("Settings.Required", "{0} is empty; it must be set.");
    public static readonly MessageTemplate OutOfRange = new("Settings.OutOfRange", "{0} is {1}; it must be from {2} to {3}.");
    public static readonly MessageTemplate NotOneOf = new("Settings.NotOneOf", "{0} is {1}; it must be one of {2}.");
    public static readonly MessageTemplate ListenAddress = new("Settings.ListenAddress",
        "{0} is '{1}'; it must be an IP address of this machine (such as 0.0.0.0, :: or 192.168.1.10), or empty for every address.");
    public static readonly MessageTemplate LocalAddress = new("Settings.LocalAddress",
        "{0} is '{1}'; it must be this machine's IP address on the LAN (such as 192.168.1.10), or empty to find it.");
    public static readonly MessageTemplate Gateway = new("Settings.Gateway",
        "{0} is '{1}'; it must be the router's IP address, optionally with a port (such as 192.168.1.1 or 192.168.1.1:5351), or empty for the default gateway.");
    public static readonly MessageTemplate DescriptionUrl = new("Settings.DescriptionUrl",
        "{0} is '{1}'; it must be an absolute http:// URL of the router's UPnP description (such as http://192.168.1.1:49000/igddesc.xml), or empty to search the LAN.");
    public static readonly MessageTemplate EchoUrl = new("Settings.EchoUrl",
        "{0} is '{1}'; it must be an absolute http:// or https:// URL of a \"what is my IP\" service (such as https://api.ipify.org/).");
    public static readonly MessageTemplate ProbeUrl = new("Settings.ProbeUrl",
        "{0} is '{1}'; it must be an absolute http:// or https:// URL with {2} where the port goes (such as {3}), or empty to switch the probe off.");
    public static readonly MessageTemplate NoSuchSetting = new("Settings.NoSuchSetting", "There is no setting named {0}; the settings are {1}.");
    public static readonly MessageTemplate TooLong = new("Settings.TooLong", "{0} is too long; at most {1} characters.");
    public static readonly MessageTemplate TooManyItems = new("Settings.TooManyItems",
        "{0} has too many or too long items; at most {1} of at most {2} characters.");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(SettingsMessages));
}
