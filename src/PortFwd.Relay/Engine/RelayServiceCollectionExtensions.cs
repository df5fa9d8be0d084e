using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortFwd.Relay.Rules;

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

    /// <summary>
    /// A TCP connection that moves no byte either way for this many seconds is closed on both sides, so clients that
    /// connect and go quiet cannot hold a rule's connection slots for ever. The default, 7440 (2 h 4 min), is the least
    /// a NAT router keeps an idle connection (RFC 5382); 0 never closes an idle connection.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 604800)]
    public int TcpIdleTimeoutSeconds { get; set; } = (int)RelayLimits.DefaultTcpIdleTimeout.TotalSeconds;
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
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RelayEngineOptions>>().Value;
            return new RelayEngine(
                sp.GetService<ILogger<RelayEngine>>(),
                sp.GetService<TimeProvider>(),
                options.TcpTransport,
                sp.GetService<HostLookup>(),
                options.EventLoops,
                options.Splice,
                options.UdpBatch,
                TimeSpan.FromSeconds(options.TcpIdleTimeoutSeconds));
        });
        return services;
    }
}
