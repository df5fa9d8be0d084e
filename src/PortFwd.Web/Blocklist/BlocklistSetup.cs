namespace PortFwd.Web.Blocklist;

/// <summary>Registers the global blocklist: the slot the HTTP rules read, and the service (hosted) that keeps it and the relay's in force.</summary>
internal static class BlocklistSetup
{
    public static IServiceCollection AddPortFwdBlocklist(this IServiceCollection services)
    {
        services.AddSingleton<BlockedAddresses>();
        services.AddSingleton<BlocklistService>();
        services.AddSingleton<IAddressBlocker>(sp => sp.GetRequiredService<BlocklistService>());
        services.AddHostedService(sp => sp.GetRequiredService<BlocklistService>());
        return services;
    }
}
