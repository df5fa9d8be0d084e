using PortFwd.Import.Text;

namespace PortFwd.Import.Frp;

/// <summary>frpc's configuration: frpc.toml (frp 0.52 and later) or the older frpc.ini, told apart by their syntax.</summary>
internal static class FrpcParser
{
    public static void Read(List<SourceLine> lines, ImportLog log)
    {
        var first = lines.FirstOrDefault(l => l.Content.Trim().Length > 0 && !l.Content.TrimStart().StartsWith('#'));
        if (first.Content?.TrimStart() is { } start && (start.StartsWith('{') || start.StartsWith("proxies:", StringComparison.Ordinal) || start.StartsWith("serverAddr:", StringComparison.Ordinal)))
        {
            log.Refuse(first, ImportMessages.FrpJsonOrYaml.With());
            return;
        }

        var ini = IsIni(lines);
        var sections = ini ? FrpIniReader.Read(lines, log) : FrpTomlReader.Read(FrpRangeTemplate.Expand(lines, log), log);
        var source = ini ? "frpc.ini" : "frpc.toml";
        foreach (var section in sections)
        {
            FrpProxyImport.Map(section, source, log);
        }
    }

    /// <summary>frpc.ini has a [common] section and snake_case keys; frpc.toml has [[proxies]] and camelCase keys.</summary>
    private static bool IsIni(List<SourceLine> lines)
    {
        foreach (var line in lines)
        {
            var text = line.Content.Trim();
            if (text.StartsWith("[[", StringComparison.Ordinal) || text.StartsWith("{{", StringComparison.Ordinal))
            {
                return false;
            }

            if (text.Equals("[common]", StringComparison.OrdinalIgnoreCase) || text.StartsWith("[range:", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var key = text.Split('=')[0].Trim();
            if (key is "local_port" or "remote_port" or "local_ip" or "server_addr" or "custom_domains")
            {
                return true;
            }

            if (key is "localPort" or "remotePort" or "localIP" or "serverAddr" or "customDomains")
            {
                return false;
            }
        }

        return false;
    }
}
