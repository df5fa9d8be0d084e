namespace PortFwd.Data.Settings;

/// <summary>
/// One value saved on the panel's Settings page: a configuration key (<c>PortFwd:Router:Enabled</c>, a list's items as
/// <c>…:EchoUrls:0</c>) and its text. It overrides appsettings.json and the environment for that key.
/// </summary>
public sealed class PanelSetting
{
    public const int MaxKeyLength = 256;

    public const int MaxValueLength = 2048;

    public required string Key { get; set; }

    public required string Value { get; set; }
}
