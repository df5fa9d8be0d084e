namespace PortFwd.Web.Settings;

/// <summary>Registers the panel's settings: the source over the database (last, so it wins) and the service that changes it.</summary>
internal static class PanelSettingsSetup
{
    /// <summary>Adds the saved settings as the last configuration source; call before anything binds options.</summary>
    public static IConfigurationBuilder AddPanelSettings(this IConfigurationBuilder configuration, string dataDirectory) =>
        configuration.Add(new PanelSettingsSource(dataDirectory));

    public static IServiceCollection AddPortFwdPanelSettings(this IServiceCollection services) => services.AddSingleton<PanelSettings>();
}
