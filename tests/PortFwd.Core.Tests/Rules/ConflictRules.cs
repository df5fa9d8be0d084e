using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

/// <summary>Stored rules to check clashes between, named by their id ("Rule 1").</summary>
internal static class ConflictRules
{
    /// <summary>
    /// A rule on <paramref name="port"/> (to <paramref name="end"/> for a range). Its internal side is fixed
    /// (192.168.1.20, port 8000 + id): clashes are about the external side only.
    /// </summary>
    public static ForwardingRule Rule(
        int id,
        Protocol protocol = Protocol.Tcp,
        int port = 8080,
        int? end = null,
        bool enabled = true,
        string? listen = null,
        string[]? hosts = null,
        string? path = null,
        TlsMode tls = TlsMode.Off,
        bool redirect = false,
        int httpPort = ForwardingRule.DefaultHttpPort) => new()
        {
            Id = id,
            Name = $"Rule {id}",
            Protocol = protocol,
            ExternalPort = port,
            ExternalPortEnd = end,
            InternalHost = "192.168.1.20",
            InternalPort = 8000 + id,
            Enabled = enabled,
            ListenAddress = listen,
            HostNames = [.. hosts ?? []],
            PathPrefix = path,
            Tls = tls,
            RedirectHttp = redirect,
            HttpPort = httpPort,
        };
}
