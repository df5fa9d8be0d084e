namespace PortFwd.Core.DynamicDns;

/// <summary>A Dynamic DNS service, told the public address by the panel.</summary>
public enum DdnsProvider
{
    /// <summary>No-IP (the dyndns2 protocol, HTTP Basic auth).</summary>
    NoIp,

    /// <summary>Dynu (the dyndns2 protocol, HTTP Basic auth).</summary>
    Dynu,

    /// <summary>Any server speaking the dyndns2 protocol; the user gives its URL.</summary>
    Dyndns2,

    /// <summary>DuckDNS (a token, names under duckdns.org).</summary>
    DuckDns,

    /// <summary>Cloudflare DNS (an API token; the zone and the A record are found by name).</summary>
    Cloudflare,
}

/// <summary>The wire names of <see cref="DdnsProvider"/> (<c>noip</c>, <c>dynu</c>, <c>dyndns2</c>, <c>duckdns</c>, <c>cloudflare</c>) and what each needs.</summary>
public static class DdnsProviderNames
{
    public static IReadOnlyList<string> All { get; } = ["noip", "dynu", "dyndns2", "duckdns", "cloudflare"];

    public static string ToName(this DdnsProvider provider) => provider switch
    {
        DdnsProvider.NoIp => "noip",
        DdnsProvider.Dynu => "dynu",
        DdnsProvider.Dyndns2 => "dyndns2",
        DdnsProvider.DuckDns => "duckdns",
        DdnsProvider.Cloudflare => "cloudflare",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static string ToDisplayName(this DdnsProvider provider) => provider switch
    {
        DdnsProvider.NoIp => "No-IP",
        DdnsProvider.Dynu => "Dynu",
        DdnsProvider.Dyndns2 => "dyndns2 server",
        DdnsProvider.DuckDns => "DuckDNS",
        DdnsProvider.Cloudflare => "Cloudflare",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static bool TryParse(string? name, out DdnsProvider provider)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "noip" or "no-ip": provider = DdnsProvider.NoIp; return true;
            case "dynu": provider = DdnsProvider.Dynu; return true;
            case "dyndns2": provider = DdnsProvider.Dyndns2; return true;
            case "duckdns": provider = DdnsProvider.DuckDns; return true;
            case "cloudflare": provider = DdnsProvider.Cloudflare; return true;
            default: provider = default; return false;
        }
    }

    /// <summary>Whether the provider signs in with a user name and password (the dyndns2 family) rather than a token.</summary>
    public static bool UsesPassword(this DdnsProvider provider) => provider is DdnsProvider.NoIp or DdnsProvider.Dynu or DdnsProvider.Dyndns2;

    /// <summary>Whether the provider signs in with a token (DuckDNS, Cloudflare).</summary>
    public static bool UsesToken(this DdnsProvider provider) => !provider.UsesPassword();

    /// <summary>Where the provider's update service is when the user gives no server; null for a dyndns2 server, which must be given.</summary>
    public static Uri? DefaultServer(this DdnsProvider provider) => provider switch
    {
        DdnsProvider.NoIp => new Uri("https://dynupdate.no-ip.com/"),
        DdnsProvider.Dynu => new Uri("https://api.dynu.com/"),
        DdnsProvider.DuckDns => new Uri("https://www.duckdns.org/"),
        DdnsProvider.Cloudflare => new Uri("https://api.cloudflare.com/client/v4/"),
        _ => null,
    };
}
