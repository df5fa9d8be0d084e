using Microsoft.Extensions.Options;

namespace PortFwd.Web.Certificates.Acme;

/// <summary>Registers ACME issuing: the account store, the CA clients (with the configured trust), and the issuer (the progress board is the forwarding part's, which the reconciler reads) (hosted).</summary>
internal static class AcmeSetup
{
    public static IServiceCollection AddPortFwdAcme(this IServiceCollection services)
    {
        services.AddHttpClient(AcmeAuthorities.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(sp => AcmeAuthorities.CreateHandler(sp.GetRequiredService<IOptions<AcmeOptions>>().Value));
        services.AddSingleton<AcmeAccountStore>();
        services.AddSingleton<IAcmeAuthorities, AcmeAuthorities>();
        services.AddSingleton<AcmeIssuer>();
        services.AddHostedService(sp => sp.GetRequiredService<AcmeIssuer>());
        return services;
    }
}
