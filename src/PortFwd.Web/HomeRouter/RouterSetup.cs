using PortFwd.Web.Hosting;

namespace PortFwd.Web.HomeRouter;

/// <summary>Registers the home-router client: the connection, the mapping reconciler (a hosted loop), what they publish, the router table, and the public address.</summary>
internal static class RouterSetup
{
    public static IServiceCollection AddPortFwdRouter(this IServiceCollection services)
    {
        services.AddPublicAddress();
        services.AddHostedService(sp => sp.GetRequiredService<PublicAddressChecker>());
        services.AddSingleton<IRouterFinder, NetworkRouterFinder>();
        services.AddSingleton<RouterConnection>();
        services.AddSingleton<RouterMappingReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<RouterMappingReconciler>());
        services.AddSingleton<RouterTable>();
        return services;
    }

    /// <summary>The public address, the echo services it may ask, and its checker (not started: the host starts it), with the router board it reads.</summary>
    public static IServiceCollection AddPublicAddress(this IServiceCollection services)
    {
        services.AddSingleton<RouterStatusBoard>();
        services.AddSingleton<PublicAddress>();
        services.AddHttpClient(AddressEcho.ClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(10);
            client.MaxResponseContentBufferSize = AddressEcho.MaxAnswerBytes;
            client.DefaultRequestHeaders.UserAgent.ParseAdd($"PortFwd/{PanelVersion.Text}");
        });
        services.AddSingleton<AddressEcho>();
        services.AddSingleton<PublicAddressChecker>();
        return services;
    }
}
