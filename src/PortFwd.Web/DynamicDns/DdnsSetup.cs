using PortFwd.Core.DynamicDns;

namespace PortFwd.Web.DynamicDns;

/// <summary>Registers Dynamic DNS: the change signal and the secrets' encryption the store uses.</summary>
internal static class DdnsSetup
{
    public static IServiceCollection AddPortFwdDynamicDns(this IServiceCollection services)
    {
        services.AddSingleton<IDdnsChangeSignal, DdnsChangeSignal>();
        services.AddSingleton<IDdnsSecrets, DdnsSecrets>();
        return services;
    }
}
