using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import.Text;

namespace PortFwd.Import.Frp;

/// <summary>
/// Turns one frp proxy into rule drafts. frpc runs next to the services and frps listens on the internet; PortFwd
/// does both on one machine, so a proxy's remotePort becomes the external port and localIP:localPort the target.
/// tcp and udp proxies map one to one; http proxies become HTTP rules by customDomains (and locations); the types
/// that need frps's own machinery (stcp, xtcp, sudp visitors, tcpmux, https passthrough, plugins) are refused.
/// </summary>
internal static class FrpProxyImport
{
    /// <summary>frpc's default when a proxy gives no localIP.</summary>
    private const string DefaultLocalIp = "127.0.0.1";

    /// <summary>frps serves http proxies on its vhostHTTPPort, which lives in frps.toml, not here; 80 is what nearly everyone uses.</summary>
    private const int HttpPort = 80;

    public static void Map(FrpSection proxy, string source, ImportLog log)
    {
        var name = proxy.Name ?? log.Word(ImportMessages.FrpUnnamedProxy.With(proxy.Header.Number));
        var type = proxy.Values.TryGetValue("type", out var typeValue) ? typeValue.Text.Trim().ToLowerInvariant() : "tcp";
        if (proxy.IsVisitor)
        {
            log.Refuse(proxy.Header, ImportMessages.FrpVisitor.With(name, type));
            return;
        }

        if (proxy.Values.TryGetValue("plugin.type", out var plugin))
        {
            log.Refuse(proxy.Header, ImportMessages.FrpPlugin.With(name, plugin.Text));
            return;
        }

        var description = ImportMessages.ImportedFrom.With(source, proxy.Header.Number);
        switch (type)
        {
            case "tcp" or "udp":
                MapPorts(proxy, name, type == "udp" ? Protocol.Udp : Protocol.Tcp, log.Word(description), log);
                break;
            case "http":
                MapHttp(proxy, name, log.Word(ImportMessages.FrpHttpPortAssumed.With(description, HttpPort)), log);
                break;
            case "https":
                log.Refuse(proxy.Header, ImportMessages.FrpHttps.With(name));
                break;
            case "stcp" or "xtcp" or "sudp":
                log.Refuse(proxy.Header, ImportMessages.FrpNeedsVisitors.With(name, type));
                break;
            case "tcpmux":
                log.Refuse(proxy.Header, ImportMessages.FrpTcpmux.With(name));
                break;
            default:
                log.Refuse(proxy.Header, ImportMessages.FrpUnknownType.With(name, type));
                break;
        }
    }

    private static void MapPorts(FrpSection proxy, string name, Protocol protocol, string description, ImportLog log)
    {
        if (!TryPort(proxy, "remotePort", name, log, out var remote, out var remoteValue)
            || !TryPort(proxy, "localPort", name, log, out var local, out var localValue)
            || !TryHost(proxy, name, log, out var host))
        {
            return;
        }

        if (remote == 0)
        {
            log.Refuse(remoteValue.Line, ImportMessages.FrpRandomPort.With(name));
            return;
        }

        if (proxy.RangeCount > 1 && !(remoteValue.FromRange && localValue.FromRange))
        {
            log.Refuse(proxy.Header, ImportMessages.FrpRangeToOnePort.With(name, proxy.RangeCount));
            return;
        }

        NoteNotCarried(proxy, name, log);
        log.Add(proxy.Header, Drafts.Forward(name, protocol, new PortRange(remote, remote + proxy.RangeCount - 1), host, local, description));
    }

    private static void MapHttp(FrpSection proxy, string name, string description, ImportLog log)
    {
        if (!TryPort(proxy, "localPort", name, log, out var local, out _) || !TryHost(proxy, name, log, out var host))
        {
            return;
        }

        if (proxy.Values.ContainsKey("httpUser") || proxy.Values.ContainsKey("httpPassword") || proxy.Values.ContainsKey("routeByHTTPUser"))
        {
            log.Refuse(proxy.Header, ImportMessages.FrpPassword.With(name));
            return;
        }

        if (proxy.RangeCount > 1)
        {
            log.Refuse(proxy.Header, ImportMessages.FrpHttpRange.With(name));
            return;
        }

        var domains = proxy.Values.TryGetValue("customDomains", out var domainValue) ? domainValue : null;
        if (domainValue?.Unreadable is { } unreadable)
        {
            log.Refuse(domainValue.Line, ImportMessages.FrpUnreadable.With(name, "customDomains", unreadable));
            return;
        }

        var subdomain = proxy.Values.GetValueOrDefault("subdomain");
        if (domains is null || domains.Items.Count == 0)
        {
            log.Refuse(proxy.Header, subdomain is not null
                ? ImportMessages.FrpSubdomainOnly.With(name, subdomain.Text)
                : ImportMessages.FrpNoDomains.With(name));
            return;
        }

        if (subdomain is not null)
        {
            log.Note(subdomain.Line, ImportMessages.FrpSubdomainNotCarried.With(name));
        }

        NoteNotCarried(proxy, name, log);
        var locations = proxy.Values.TryGetValue("locations", out var locationValue) ? locationValue.Items : [];
        string?[] prefixes = locations.Count == 0 || locations.Any(l => l.Trim() == "/") ? [null] : [.. locations];
        foreach (var prefix in prefixes)
        {
            log.Add(proxy.Header, new RuleDraft
            {
                Name = prefixes.Length > 1 ? $"{name} {prefix}" : name,
                Protocol = Protocol.Http.ToName(),
                ExternalPort = HttpPort,
                InternalHost = host,
                InternalPort = local,
                HostNames = [.. domains.Items],
                PathPrefix = prefix,
                Description = description,
            });
        }
    }

    /// <summary>What frp does for a proxy that PortFwd does its own way or not at all; the rule is imported without it.</summary>
    private static void NoteNotCarried(FrpSection proxy, string name, ImportLog log)
    {
        (string Key, MessageTemplate Why)[] settings =
        [
            ("transport.proxyProtocolVersion", ImportMessages.FrpWhyProxyProtocol),
            ("transport.bandwidthLimit", ImportMessages.FrpWhyBandwidth),
            ("loadBalancer.group", ImportMessages.FrpWhyLoadBalancer),
            ("healthCheck.type", ImportMessages.FrpWhyHealthCheck),
            ("hostHeaderRewrite", ImportMessages.FrpWhyHostHeader),
        ];
        foreach (var (key, why) in settings)
        {
            if (proxy.Values.TryGetValue(key, out var value))
            {
                log.Note(value.Line, ImportMessages.FrpNotCarried.With(name, key, why.With()));
            }
        }
    }

    private static bool TryPort(FrpSection proxy, string key, string name, ImportLog log, out int port, out FrpValue value)
    {
        port = 0;
        if (!proxy.Values.TryGetValue(key, out value!))
        {
            log.Refuse(proxy.Header, ImportMessages.FrpMissingKey.With(name, key));
            return false;
        }

        if (value.Unreadable is { } unreadable)
        {
            log.Refuse(value.Line, ImportMessages.FrpUnreadable.With(name, key, unreadable));
            return false;
        }

        if (!PortText.TryPort(value.Text, out port))
        {
            log.Refuse(value.Line, ImportMessages.FrpNotAPort.With(name, key, value.Text));
            return false;
        }

        return true;
    }

    private static bool TryHost(FrpSection proxy, string name, ImportLog log, out string host)
    {
        host = DefaultLocalIp;
        if (!proxy.Values.TryGetValue("localIP", out var value))
        {
            return true;
        }

        if (value.Unreadable is { } unreadable)
        {
            log.Refuse(value.Line, ImportMessages.FrpUnreadable.With(name, "localIP", unreadable));
            return false;
        }

        host = Drafts.Unbracket(value.Text.Trim());
        return true;
    }
}
