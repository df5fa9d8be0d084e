using PortFwd.Import.Text;

namespace PortFwd.Import.Frp;

/// <summary>
/// frpc.ini, frp's format before 0.52: a [common] section, then one [name] section a proxy (role = visitor for
/// visitors), snake_case keys, comma-separated lists, and [range:name] sections whose local_port and remote_port
/// hold port lists ("6010-6020,6022"). Keys are renamed to frpc.toml's so one mapping reads both.
/// </summary>
internal static class FrpIniReader
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["local_ip"] = "localIP",
        ["local_port"] = "localPort",
        ["remote_port"] = "remotePort",
        ["custom_domains"] = "customDomains",
        ["http_user"] = "httpUser",
        ["http_pwd"] = "httpPassword",
        ["http_password"] = "httpPassword",
        ["route_by_http_user"] = "routeByHTTPUser",
        ["plugin"] = "plugin.type",
        ["host_header_rewrite"] = "hostHeaderRewrite",
        ["proxy_protocol_version"] = "transport.proxyProtocolVersion",
        ["bandwidth_limit"] = "transport.bandwidthLimit",
        ["group"] = "loadBalancer.group",
        ["health_check_type"] = "healthCheck.type",
    };

    private static readonly HashSet<string> Lists = new(StringComparer.OrdinalIgnoreCase) { "customDomains", "locations" };

    public static List<FrpSection> Read(List<SourceLine> lines, ImportLog log)
    {
        var sections = new List<FrpSection>();
        FrpSection? current = null;
        SourceLine? rangeHeader = null;
        foreach (var line in lines)
        {
            var text = line.Content.Trim();
            if (text.Length == 0 || text[0] is '#' or ';')
            {
                continue;
            }

            if (text[0] == '[')
            {
                FinishRange(current, rangeHeader, sections, log);
                rangeHeader = null;
                current = null;
                if (!text.EndsWith(']') || text.Length < 3)
                {
                    log.Refuse(line, ImportMessages.FrpIniNotAHeader.With());
                    continue;
                }

                var name = text[1..^1].Trim();
                if (name.Equals("common", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var isRange = name.StartsWith("range:", StringComparison.OrdinalIgnoreCase);
                current = new FrpSection(line, false) { HeaderName = isRange ? name[6..].Trim() : name };
                if (isRange)
                {
                    rangeHeader = line;
                }
                else
                {
                    sections.Add(current);
                }

                continue;
            }

            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                log.Refuse(line, ImportMessages.FrpIniNotALine.With());
                continue;
            }

            if (current is null)
            {
                continue;
            }

            var rawKey = text[..equals].Trim();
            var key = Keys.TryGetValue(rawKey, out var renamed) ? renamed : rawKey;
            var value = Unquote(text[(equals + 1)..].Trim());
            current.Values[key] = value.Contains("{{", StringComparison.Ordinal)
                ? new FrpValue(line, [value], ImportMessages.FrpValueTemplate.With(value))
                : new FrpValue(line, Lists.Contains(key) ? value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [value]);
        }

        FinishRange(current, rangeHeader, sections, log);
        var visitors = sections.Where(s => s.Values.TryGetValue("role", out var role) && role.Text.Equals("visitor", StringComparison.OrdinalIgnoreCase)).ToHashSet();
        return [.. sections.Select(s => visitors.Contains(s) ? AsVisitor(s) : s)];
    }

    private static string Unquote(string value) =>
        value.Length > 1 && value[0] is '"' or '\'' && value[^1] == value[0] ? value[1..^1] : value;

    private static FrpSection AsVisitor(FrpSection section)
    {
        var visitor = new FrpSection(section.Header, true) { HeaderName = section.HeaderName };
        foreach (var (key, value) in section.Values)
        {
            visitor.Values[key] = value;
        }

        return visitor;
    }

    /// <summary>A [range:name] section becomes one proxy per run of local and remote ports that count up together.</summary>
    private static void FinishRange(FrpSection? section, SourceLine? header, List<FrpSection> sections, ImportLog log)
    {
        if (section is null || header is not { } line)
        {
            return;
        }

        if (!section.Values.TryGetValue("localPort", out var local) || !section.Values.TryGetValue("remotePort", out var remote))
        {
            log.Refuse(line, ImportMessages.FrpIniRangeNeedsPorts.With(section.HeaderName ?? ""));
            return;
        }

        if (!TryPorts(local.Text, out var locals) || !TryPorts(remote.Text, out var remotes))
        {
            log.Refuse(line, ImportMessages.FrpIniRangeNotPorts.With(section.HeaderName ?? ""));
            return;
        }

        if (locals.Count != remotes.Count)
        {
            log.Refuse(line, ImportMessages.FrpIniRangeCounts.With(section.HeaderName ?? "", locals.Count, remotes.Count));
            return;
        }

        foreach (var (first, second, count) in PortText.Runs([.. locals.Zip(remotes)]))
        {
            var run = new FrpSection(line, false)
            {
                HeaderName = count > 1 ? $"{section.HeaderName}-{second}-{second + count - 1}" : $"{section.HeaderName}-{second}",
                RangeCount = count,
            };
            foreach (var (key, value) in section.Values)
            {
                run.Values[key] = value;
            }

            run.Values["localPort"] = local with { Items = [$"{first}"], FromRange = true };
            run.Values["remotePort"] = remote with { Items = [$"{second}"], FromRange = true };
            sections.Add(run);
        }
    }

    private static bool TryPorts(string text, out List<int> ports)
    {
        ports = [];
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!PortText.TryRange(part, '-', out var range) || range.End > 65535 || ports.Count + range.Count > 65536)
            {
                return false;
            }

            ports.AddRange(Enumerable.Range(range.Start, range.Count));
        }

        return true;
    }
}
