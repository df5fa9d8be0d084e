using PortFwd.Nat;

namespace PortFwd.Web.HomeRouter;

/// <summary>How <see cref="RouterConnection"/> finds the router: on the network here, a router in memory in tests.</summary>
public interface IRouterFinder
{
    Task<NatResult<INatDevice>> FindAsync(NatDiscoveryOptions options, CancellationToken cancellationToken);
}

/// <summary>Searches the LAN with <see cref="NatDiscoverer"/> (UPnP IGD, then PCP, then NAT-PMP).</summary>
internal sealed class NetworkRouterFinder(TimeProvider time, ILoggerFactory loggerFactory) : IRouterFinder
{
    // NatDiscoverer logs what it found (or why not); the panel does not log it again.
    public Task<NatResult<INatDevice>> FindAsync(NatDiscoveryOptions options, CancellationToken cancellationToken) =>
        new NatDiscoverer(time, loggerFactory.CreateLogger<NatDiscoverer>()).DiscoverDeviceAsync(options, cancellationToken);
}
