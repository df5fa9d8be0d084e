using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PortFwd.Core.DynamicDns;
using PortFwd.Web.HomeRouter;

namespace PortFwd.Web.DynamicDns;

/// <summary>Registers Dynamic DNS: the change signal, the secrets' encryption the store uses, one HTTP client per provider protocol, and the updater (hosted; it also tells the public-address checker that names need the address).</summary>
internal static class DdnsSetup
{
    public static IServiceCollection AddPortFwdDynamicDns(this IServiceCollection services)
    {
        services.AddSingleton<IDdnsChangeSignal, DdnsChangeSignal>();
        services.AddSingleton<IDdnsSecrets, DdnsSecrets>();
        foreach (var client in new[] { Dyndns2Client.ClientName, DuckDnsClient.ClientName, CloudflareClient.ClientName })
        {
            services.AddHttpClient(client, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<DdnsOptions>>().Value;
                http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
                http.MaxResponseContentBufferSize = DdnsHttp.MaxAnswerBytes;
                // No-IP asks for "Program/version contact"; the contact is not a product token, so it goes in as written.
                http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
            })
            // A provider that redirects would get the credentials again somewhere else: follow none.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        }

        services.AddSingleton<Dyndns2Client>();
        services.AddSingleton<DuckDnsClient>();
        services.AddSingleton<CloudflareClient>();
        services.AddSingleton<DdnsProviders>();
        services.TryAddSingleton<IIpv6AddressSource, MachineIpv6Address>();
        services.AddSingleton<DdnsResolution>();
        services.AddSingleton<DdnsUpdater>();
        services.AddSingleton<IPublicAddressNeed>(sp => sp.GetRequiredService<DdnsUpdater>());
        services.AddHostedService(sp => sp.GetRequiredService<DdnsUpdater>());
        return services;
    }
}
