using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Nat;

namespace PortFwd.Web.HomeRouter;

/// <summary>One port on the router: the protocol and the external port.</summary>
public readonly record struct RouterPort(PortProtocol Protocol, int Port);

/// <summary>A mapping the saved rules want on the router, and the rule that wants it.</summary>
public sealed record DesiredMapping(int RuleId, MappingRequest Request);

/// <summary>What to change on the router: mappings to remove and mappings to add (or change).</summary>
public sealed record RouterMappingChanges(IReadOnlyList<RouterPort> Remove, IReadOnlyList<MappingRequest> Add);

/// <summary>The mappings the saved rules want on the router, and the difference from what is kept there.</summary>
public static class RouterMappingPlan
{
    /// <summary>Mappings PortFwd makes carry this description prefix, so the router page can tell them apart.</summary>
    public const string DescriptionPrefix = "PortFwd: ";

    /// <summary>Whether a rule wants its ports opened on the router.</summary>
    public static bool WantsRouter(ForwardingRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Enabled && rule.OpenOnRouter;
    }

    /// <summary>One mapping per port and protocol of every enabled rule marked "Open on router", pointing at
    /// <paramref name="localAddress"/>, where the relay (or YARP) listens on the same port; plus the plain HTTP port
    /// of an HTTPS rule that redirects from it.</summary>
    public static IReadOnlyDictionary<RouterPort, DesiredMapping> Desired(IEnumerable<ForwardingRule> rules, IPAddress localAddress, TimeSpan lease)
    {
        var desired = new Dictionary<RouterPort, DesiredMapping>();
        foreach (var rule in rules.Where(WantsRouter))
        {
            for (var port = rule.ExternalPorts.Start; port <= rule.ExternalPorts.End; port++)
            {
                foreach (var protocol in Protocols(rule.Protocol))
                {
                    desired[new RouterPort(protocol, port)] = new DesiredMapping(rule.Id, new MappingRequest(protocol, port, port)
                    {
                        Description = DescriptionPrefix + rule.Name,
                        Lease = lease,
                        InternalClient = localAddress,
                    });
                }
            }

            // An HTTPS rule's redirect (and the ACME challenge) answers plain HTTP on its own port, which must be open too.
            if (rule.RedirectsHttp)
            {
                desired[new RouterPort(PortProtocol.Tcp, rule.HttpPort)] = new DesiredMapping(rule.Id, new MappingRequest(PortProtocol.Tcp, rule.HttpPort, rule.HttpPort)
                {
                    Description = DescriptionPrefix + rule.Name,
                    Lease = lease,
                    InternalClient = localAddress,
                });
            }
        }

        return desired;
    }

    /// <summary>Kept mappings no rule wants are removed; wanted ones that are missing or differ are added.</summary>
    public static RouterMappingChanges Diff(IReadOnlyDictionary<RouterPort, DesiredMapping> desired, IEnumerable<KeptMapping> kept)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var current = kept.ToDictionary(KeyOf);
        var remove = current.Keys.Where(k => !desired.ContainsKey(k)).ToList();
        var add = desired
            .Where(d => !current.TryGetValue(d.Key, out var have) || have.Request != d.Value.Request)
            .Select(d => d.Value.Request)
            .ToList();
        return new RouterMappingChanges(remove, add);
    }

    public static RouterPort KeyOf(KeptMapping kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        return new RouterPort(kept.Request.Protocol, kept.Request.ExternalPort);
    }

    internal static IEnumerable<PortProtocol> Protocols(Protocol protocol)
    {
        if (protocol.UsesTcp())
        {
            yield return PortProtocol.Tcp;
        }

        if (protocol.UsesUdp())
        {
            yield return PortProtocol.Udp;
        }
    }
}
