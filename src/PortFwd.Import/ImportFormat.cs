namespace PortFwd.Import;

/// <summary>The tools whose port forwards PortFwd reads.</summary>
public enum ImportFormat
{
    /// <summary>rinetd.conf (and rinetd-uv's): <c>bindaddress bindport connectaddress connectport</c>, allow/deny lines.</summary>
    Rinetd,

    /// <summary>frpc.toml or the older frpc.ini; which of the two is told from the text.</summary>
    Frpc,

    /// <summary><c>iptables-save</c> / <c>ip6tables-save</c> output, or <c>iptables -t nat -A PREROUTING ...</c> commands.</summary>
    Iptables,

    /// <summary><c>nft list ruleset</c> output.</summary>
    Nftables,
}

/// <summary>The wire names of <see cref="ImportFormat"/> (<c>rinetd</c>, <c>frpc</c>, <c>iptables</c>, <c>nftables</c>).</summary>
public static class ImportFormatNames
{
    public static IReadOnlyList<string> All { get; } = ["rinetd", "frpc", "iptables", "nftables"];

    public static string ToName(this ImportFormat format) => format switch
    {
        ImportFormat.Rinetd => "rinetd",
        ImportFormat.Frpc => "frpc",
        ImportFormat.Iptables => "iptables",
        ImportFormat.Nftables => "nftables",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Reads a wire name; case does not matter, and the tools' own names (frp, nft, iptables-save) are taken too.</summary>
    public static bool TryParse(string? name, out ImportFormat format)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "rinetd" or "rinetd.conf": format = ImportFormat.Rinetd; return true;
            case "frpc" or "frp" or "frpc.toml" or "frpc.ini": format = ImportFormat.Frpc; return true;
            case "iptables" or "iptables-save" or "ip6tables" or "ip6tables-save": format = ImportFormat.Iptables; return true;
            case "nftables" or "nft": format = ImportFormat.Nftables; return true;
            default: format = default; return false;
        }
    }
}
