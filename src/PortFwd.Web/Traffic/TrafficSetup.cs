using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Traffic;

/// <summary>Registers the traffic sampler, its sources and /metrics (mapped by <see cref="TrafficEndpoints"/>).</summary>
internal static class TrafficSetup
{
    public static IServiceCollection AddPortFwdTraffic(this IServiceCollection services)
    {
        services.AddOptions<TrafficOptions>().BindConfiguration(TrafficOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ITrafficSource, RelayTrafficSource>();
        services.AddSingleton<ITrafficSource>(sp => new HttpTrafficSource(sp.GetRequiredService<HttpTrafficMeter>()));
        services.AddSingleton<TrafficSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<TrafficSampler>());
        services.AddSingleton<TrafficMetrics>();
        return services;
    }
}
