using System.Net;
using System.Net.Sockets;
using PortFwd.Core.DynamicDns;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.DynamicDns;

/// <summary>What a name resolves to now, against the public address.</summary>
/// <param name="HostName">The name looked up.</param>
/// <param name="Addresses">Its A records as the resolver answered them (empty when it has none or the lookup failed).</param>
/// <param name="Matches">True when one of them is the public address; null when the public address is not known.</param>
/// <param name="Message">What that means, for people; a mismatch is said, not hidden.</param>
public sealed record DdnsResolutionCheck(string HostName, IReadOnlyList<IPAddress> Addresses, bool? Matches, string Message)
{
    /// <summary>The same as <see cref="Message"/>, with its code and values, for the panel's languages; null when it has none.</summary>
    public ValidationMessage? Said { get; init; }

    public static DdnsResolutionCheck Of(string hostName, IReadOnlyList<IPAddress> addresses, bool? matches, ValidationMessage said) =>
        new(hostName, addresses, matches, said.Text) { Said = said };
}

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
            return DdnsResolutionCheck.Of(name.HostName, [], publicAddress is null ? null : false, DdnsMessages.DoesNotResolve.With(name.HostName));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DdnsResolutionCheck.Of(name.HostName, [], publicAddress is null ? null : false, DdnsMessages.LookupTooLong.With(name.HostName));
        }

        var shown = string.Join(", ", addresses.Select(a => a.ToString()));
        if (publicAddress is null)
        {
            return DdnsResolutionCheck.Of(name.HostName, addresses, null, DdnsMessages.PublicAddressUnknown.With(name.HostName, shown));
        }

        return addresses.Contains(publicAddress)
            ? DdnsResolutionCheck.Of(name.HostName, addresses, true, DdnsMessages.ResolvesToPublic.With(name.HostName, publicAddress))
            : DdnsResolutionCheck.Of(name.HostName, addresses, false, addresses.Length == 0
                ? DdnsMessages.ResolvesToNothing.With(name.HostName, publicAddress)
                : DdnsMessages.ResolvesElsewhere.With(name.HostName, shown, publicAddress));
    }
}
