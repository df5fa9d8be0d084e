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

    /// <summary>
    /// How many threads the epoll transport carries TCP on: 0 (the default) one per core, at most
    /// <see cref="RelayEngine.MaxAutomaticEventLoops"/>; 1 keeps every TCP rule on one thread.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 64)]
    public int EventLoops { get; set; }

    /// <summary>Epoll transport: once a read fills the 256 KiB copy buffer, a connection's direction moves socket → pipe → socket in the kernel (splice).</summary>
    public bool Splice { get; set; }

    /// <summary>
    /// Linux: UDP datagrams move up to 32 per system call (recvmmsg, then sendmmsg per session), both ways; on by
    /// default (about a quarter less relay CPU per datagram, BENCHMARKS.md); false moves them one at a time.
    /// </summary>
    public bool UdpBatch { get; set; } = true;
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
            sp.GetService<HostLookup>(),
            sp.GetRequiredService<IOptions<RelayEngineOptions>>().Value.EventLoops,
            sp.GetRequiredService<IOptions<RelayEngineOptions>>().Value.Splice,
            sp.GetRequiredService<IOptions<RelayEngineOptions>>().Value.UdpBatch));
        return services;
    }
}
