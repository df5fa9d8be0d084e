using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PortFwd.Core.Rules;

namespace PortFwd.Web.Rules;

/// <summary>The ports the panel itself listens on, which no rule may take.</summary>
public sealed class PanelPorts(IServer server, IConfiguration configuration)
{
    public RuleValidationContext ValidationContext()
    {
        var ports = new SortedSet<int>();
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            AddPort(ports, address);
        }

        // Before the server has started (and under the test server) fall back to the configured URLs.
        foreach (var address in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            AddPort(ports, address);
        }

        return new RuleValidationContext(ports.Select(p => new ReservedPort(p, "used by this panel")).ToArray());
    }

    private static void AddPort(SortedSet<int> ports, string address)
    {
        var normalized = address.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal);
        if (Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.Port > 0)
        {
            ports.Add(uri.Port);
        }
    }
}
