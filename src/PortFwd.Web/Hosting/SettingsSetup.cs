using Microsoft.Extensions.Options;
using PortFwd.Relay.Engine;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Reachability;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Hosting;

/// <summary>Every options class bound from configuration, each checked at start by a <see cref="SettingsValidator{TOptions}"/>.</summary>
internal static class SettingsSetup
{
    public const string RelaySection = "PortFwd:Relay";

    public static IServiceCollection AddPortFwdSettings(this IServiceCollection services)
    {
        services.AddSettings<PortFwdOptions>(PortFwdOptions.Section);
        services.AddSettings<TrafficOptions>(TrafficOptions.Section);
        services.AddSettings<RelayEngineOptions>(RelaySection);
        services.AddSettings<PublicAddressOptions>(PublicAddressOptions.Section);
        services.AddSettings<DdnsOptions>(DdnsOptions.Section);
        services.AddSettings<ReachabilityOptions>(ReachabilityOptions.Section);
        services.AddSettings<Certificates.Acme.AcmeOptions>(Certificates.Acme.AcmeOptions.Section);
        services.AddSettings<Backup.BackupOptions>(Backup.BackupOptions.Section);
        services.AddSettings<Audit.AuditOptions>(Audit.AuditOptions.Section);
        services.AddSettings<Accounts.Sessions.PanelSessionOptions>(Accounts.Sessions.PanelSessionOptions.Section);
        return services;
    }

    private static void AddSettings<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new SettingsValidator<TOptions>(section));
    }
}
