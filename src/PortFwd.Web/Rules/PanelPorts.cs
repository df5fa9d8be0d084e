using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PortFwd.Core.Rules;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Rules;

/// <summary>
/// What rule validation must know about the panel and this machine: the ports the panel listens on (no rule
/// may take them, nor forward to them here), this machine's addresses, and what a target host name resolves to.
/// The panel's ports are fixed when it starts (the URLs and the HTTPS section are read once; no setting saved on the panel
/// moves them), so a rule's save reads them outside every write gate without racing a settings save.
/// </summary>
public sealed class PanelPorts(IServer server, IConfiguration configuration, IHostNameResolver resolver)
{
    /// <summary>Long enough for a LAN name (mDNS, the router's DNS); a name that does not answer in time is not refused.</summary>
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The panel's ports and this machine's addresses, with no host name resolved: for checks while the user types.</summary>
    public RuleValidationContext ValidationContext()
    {
        var ports = Ports();
        var (addresses, gateways) = InterfaceAddresses();
        return new RuleValidationContext(ports.Select(p => new ReservedPort(p, "used by this panel")).ToArray())
        {
            PanelPorts = ports,
            MachineAddresses = addresses,
            RouterAddresses = gateways,
        };
    }

    /// <summary><see cref="ValidationContext()"/> plus the addresses of the draft's internal host when it is a name: for saving.</summary>
    public async Task<RuleValidationContext> ValidationContextAsync(RuleDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var context = ValidationContext();
        if (RuleValidator.HostNameToResolve(draft) is not { } name)
        {
            return context;
        }

        var addresses = await ResolveAsync(name, cancellationToken);
        return context with { HostAddresses = new Dictionary<string, IReadOnlyList<IPAddress>>(StringComparer.Ordinal) { [name] = addresses } };
    }

    private int[] Ports()
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

        return [.. ports];
    }

    private static void AddPort(SortedSet<int> ports, string address)
    {
        var normalized = address.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal);
        if (Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.Port > 0)
        {
            ports.Add(uri.Port);
        }
    }

    /// <summary>
    /// This machine's addresses and its default gateways (the home router). Read on every call: DHCP, VPNs and Wi-Fi
    /// change them while the panel runs.
    /// </summary>
    private static (IPAddress[] Addresses, IPAddress[] Gateways) InterfaceAddresses()
    {
        try
        {
            var properties = NetworkInterface.GetAllNetworkInterfaces().Select(n => n.GetIPProperties()).ToArray();
            return (
                [.. properties.SelectMany(p => p.UnicastAddresses).Select(u => u.Address)],
                [.. properties.SelectMany(p => p.GatewayAddresses).Select(g => g.Address)
                    .Where(a => !a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any)).Distinct()]);
        }
        catch (NetworkInformationException)
        {
            // Loopback and "any" still count as this machine without the list; the router is then unknown.
            return ([], []);
        }
    }

    /// <summary>The name's addresses, or none when it does not resolve (in time): such a target is not refused here.</summary>
    private async Task<IReadOnlyList<IPAddress>> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            // WaitAsync too: on some systems the lookup itself does not stop when cancelled.
            return await resolver.ResolveAsync(name, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (SocketException)
        {
            return [];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }
}
