using System.Net;
using System.Net.Sockets;
using PortFwd.Core.DynamicDns;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.DynamicDns;

/// <summary>What a name resolves to now, against the public address.</summary>
/// <param name="HostName">The name looked up.</param>
/// <param name="Addresses">Its A records as the resolver answered them (empty when it has none or the lookup failed).</param>
/// <param name="Matches">True when one of them is the public address; null when the public address is not known.</param>
/// <param name="Message">What that means, for people; a mismatch is said, not hidden.</param>
public sealed record DdnsResolutionCheck(string HostName, IReadOnlyList<IPAddress> Addresses, bool? Matches, string Message);

/// <summary>
/// Whether each name resolves to the public address (the Status page's check). A resolver caches answers for the
/// record's TTL, so a name updated a moment ago may still show the old address for a while; the message says so.
/// </summary>
public sealed class DdnsResolution(IHostNameResolver resolver)
{
    /// <summary>A name that does not answer within this is reported as not resolving.</summary>
    public static readonly TimeSpan LookupLimit = TimeSpan.FromSeconds(5);

    public async Task<DdnsResolutionCheck> CheckAsync(DdnsName name, IPAddress? publicAddress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        IPAddress[] addresses;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(LookupLimit);
        try
        {
            addresses = await resolver.ResolveIPv4Async(name.HostName, limit.Token);
        }
        catch (SocketException)
        {
            return new DdnsResolutionCheck(name.HostName, [], publicAddress is null ? null : false, $"{name.HostName} does not resolve (no A record yet, or DNS cannot be reached).");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DdnsResolutionCheck(name.HostName, [], publicAddress is null ? null : false, $"Looking up {name.HostName} took too long.");
        }

        var shown = string.Join(", ", addresses.Select(a => a.ToString()));
        if (publicAddress is null)
        {
            return new DdnsResolutionCheck(name.HostName, addresses, null, $"{name.HostName} resolves to {shown}; the public address is not known yet.");
        }

        return addresses.Contains(publicAddress)
            ? new DdnsResolutionCheck(name.HostName, addresses, true, $"{name.HostName} resolves to the public address {publicAddress}.")
            : new DdnsResolutionCheck(name.HostName, addresses, false,
                $"{name.HostName} resolves to {(addresses.Length == 0 ? "nothing" : shown)}, not the public address {publicAddress} (an update may still be on its way through DNS caches).");
    }
}
