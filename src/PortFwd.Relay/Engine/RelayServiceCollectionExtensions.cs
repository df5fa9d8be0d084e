using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace PortFwd.Relay.Engine;

/// <summary>Registers the relay with dependency injection.</summary>
public static class RelayServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <see cref="RelayEngine"/> singleton, using the registered logger factory and
    /// <see cref="TimeProvider"/> when present. The container disposes it (closing every listener) on shutdown.
    /// </summary>
    public static IServiceCollection AddPortFwdRelay(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new RelayEngine(sp.GetService<ILogger<RelayEngine>>(), sp.GetService<TimeProvider>()));
        return services;
    }
}
