using Microsoft.AspNetCore.Components.Server.Circuits;

namespace PortFwd.Web.Audit;

/// <summary>Registers what records the actor of each change (requests, circuits, sign-ins), the pruning, and the Log page's service.</summary>
internal static class AuditSetup
{
    public static IServiceCollection AddPortFwdAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitHandler, CircuitAuditActor>();
        services.AddSingleton<SignInAudit>();
        services.AddSingleton<AuditRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());
        return services;
    }
}
