using PortFwd.Web.Components;
using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Traffic;

/// <summary>Registers the traffic sampler, its sources and /metrics (mapped by <see cref="TrafficEndpoints"/>).</summary>
internal static class TrafficSetup
{
    public static IServiceCollection AddPortFwdTraffic(this IServiceCollection services)
    {
        services.AddSingleton<ITrafficSource, RelayTrafficSource>();
        services.AddSingleton<ITrafficSource, HttpTrafficSource>();
        services.AddSingleton<TrafficSampler>();
        services.AddSingleton<TrafficHistory>();
        services.AddSingleton<TrafficRetention>();
        services.AddHostedService<TrafficRecorder>();
        services.AddSingleton<TrafficMetrics>();
        // Per circuit: every page that shows a time shows it in the browser's zone.
        services.AddScoped<BrowserTimeZone>();
        return services;
    }
}
