namespace PortFwd.Web.HomeRouter;

/// <summary>Registers the router client service.</summary>
internal static class RouterSetup
{
    public static IServiceCollection AddPortFwdRouter(this IServiceCollection services)
    {
        services.AddSingleton<RouterService>();
        services.AddHostedService(sp => sp.GetRequiredService<RouterService>());
        return services;
    }
}
