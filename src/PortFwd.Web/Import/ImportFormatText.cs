using PortFwd.Import;

namespace PortFwd.Web.Import;

/// <summary>How the panel names the import formats: the API's wire names and the page's labels.</summary>
public static class ImportFormatText
{
    public static IReadOnlyList<ImportFormat> All { get; } = [ImportFormat.Rinetd, ImportFormat.Frpc, ImportFormat.Iptables, ImportFormat.Nftables];

    /// <summary>What the user has in hand, in their words.</summary>
    public static string Label(ImportFormat format) => format switch
    {
        ImportFormat.Rinetd => "rinetd (rinetd.conf)",
        ImportFormat.Frpc => "frp client (frpc.toml or frpc.ini)",
        ImportFormat.Iptables => "iptables (iptables-save output)",
        ImportFormat.Nftables => "nftables (nft list ruleset output)",
        _ => format.ToString(),
    };
}
