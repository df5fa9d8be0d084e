namespace PortFwd.Web.HomeRouter;

/// <summary>Registers the home-router client: the connection, the mapping reconciler (a hosted loop), what they publish, and the router table.</summary>
internal static class RouterSetup
{
    public static IServiceCollection AddPortFwdRouter(this IServiceCollection services)
    {
        services.AddSingleton<RouterStatusBoard>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<IRouterFinder, NetworkRouterFinder>();
        services.AddSingleton<RouterConnection>();
        services.AddSingleton<RouterMappingReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<RouterMappingReconciler>());
        services.AddSingleton<RouterTable>();
        return services;
    }
}
