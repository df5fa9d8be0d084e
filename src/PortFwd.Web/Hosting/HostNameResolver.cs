using System.Net;
using System.Net.Sockets;

namespace PortFwd.Web.Hosting;

/// <summary>
/// Looks host names up as every other program on this machine does (the hosts file, then DNS). The panel resolves
/// names only through this, so tests give a fake and never ask a real DNS server.
/// </summary>
public interface IHostNameResolver
{
    /// <summary>The name's IPv4 addresses (A records); a name that does not exist throws <see cref="SocketException"/>.</summary>
    Task<IPAddress[]> ResolveIPv4Async(string hostName, CancellationToken ct);

    /// <summary>Every address of the name, IPv4 and IPv6; a name that does not exist throws <see cref="SocketException"/>.</summary>
    Task<IPAddress[]> ResolveAsync(string hostName, CancellationToken ct);
}

/// <summary>The system's resolver.</summary>
internal sealed class SystemHostNameResolver : IHostNameResolver
{
    public Task<IPAddress[]> ResolveIPv4Async(string hostName, CancellationToken ct) => Dns.GetHostAddressesAsync(hostName, AddressFamily.InterNetwork, ct);

    public Task<IPAddress[]> ResolveAsync(string hostName, CancellationToken ct) => Dns.GetHostAddressesAsync(hostName, ct);
}
