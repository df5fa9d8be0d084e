using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PortFwd.Relay.Engine;

/// <summary>Settings of the relay engine registered by <see cref="RelayServiceCollectionExtensions.AddPortFwdRelay"/>.</summary>
public sealed class RelayEngineOptions
{
    /// <summary>How TCP is carried; <see cref="RelayTcpTransport.Automatic"/> picks epoll on Linux.</summary>
    public RelayTcpTransport TcpTransport { get; set; } = RelayTcpTransport.Automatic;
}

/// <summary>Registers the relay with dependency injection.</summary>
public static class RelayServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <see cref="RelayEngine"/> singleton, using the registered logger factory,
    /// <see cref="TimeProvider"/>, <see cref="RelayEngineOptions"/> and <see cref="HostLookup"/> when present. The container
    /// disposes it (closing every listener) on shutdown.
    /// </summary>
    public static IServiceCollection AddPortFwdRelay(this IServiceCollection services)
    {
        services.AddOptions<RelayEngineOptions>();
        services.TryAddSingleton(sp => new RelayEngine(
            sp.GetService<ILogger<RelayEngine>>(),
            sp.GetService<TimeProvider>(),
            sp.GetRequiredService<IOptions<RelayEngineOptions>>().Value.TcpTransport,
            sp.GetService<HostLookup>()));
        return services;
    }
}
