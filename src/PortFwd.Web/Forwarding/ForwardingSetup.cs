using PortFwd.Relay.Engine;

namespace PortFwd.Web.Forwarding;

/// <summary>Registers the relay, YARP port hosts and their counters, the status board and the reconciler.</summary>
internal static class ForwardingSetup
{
    public static IServiceCollection AddPortFwdForwarding(this IServiceCollection services)
    {
        services.AddPortFwdRelay();
        services.AddSingleton<RuleStatusBoard>();
        services.AddSingleton<HttpTrafficMeter>();
        services.AddSingleton<RuleReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<RuleReconciler>());
        return services;
    }
}
