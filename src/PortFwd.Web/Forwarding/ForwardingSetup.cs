using PortFwd.Relay.Engine;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Forwarding;

/// <summary>Registers the relay, YARP port hosts and their counters, certificates for HTTPS rules, the status board and the reconciler.</summary>
internal static class ForwardingSetup
{
    public static IServiceCollection AddPortFwdForwarding(this IServiceCollection services)
    {
        // Target host names resolve the panel's way (tests give a fake, so no lookup leaves the machine).
        services.AddSingleton<HostLookup>(sp => sp.GetRequiredService<IHostNameResolver>().ResolveAsync);
        services.AddPortFwdRelay();
        services.AddSingleton<RuleStatusBoard>();
        services.AddSingleton<HttpTrafficMeter>();
        services.AddSingleton<Certificates.CertificateKeys>();
        services.AddSingleton<Certificates.CertificateService>();
        services.AddSingleton<Certificates.AcmeChallengeAnswers>();
        services.AddSingleton<Certificates.Acme.AcmeProgress>();
        services.AddSingleton<RuleReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<RuleReconciler>());
        return services;
    }
}
