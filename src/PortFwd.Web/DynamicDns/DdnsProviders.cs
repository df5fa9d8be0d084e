using PortFwd.Core.DynamicDns;

namespace PortFwd.Web.DynamicDns;

/// <summary>Picks the client that speaks a name's provider's protocol.</summary>
public sealed class DdnsProviders(Dyndns2Client dyndns2, DuckDnsClient duckDns, CloudflareClient cloudflare)
{
    public IDdnsProviderClient For(DdnsProvider provider) => provider switch
    {
        DdnsProvider.NoIp or DdnsProvider.Dynu or DdnsProvider.Dyndns2 => dyndns2,
        DdnsProvider.DuckDns => duckDns,
        DdnsProvider.Cloudflare => cloudflare,
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}
