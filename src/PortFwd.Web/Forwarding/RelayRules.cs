using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Relay.Rules;

namespace PortFwd.Web.Forwarding;

/// <summary>Turns a saved rule into what the relay runs.</summary>
internal static class RelayRules
{
    public static bool IsRelayed(ForwardingRule rule) => rule.Protocol is Protocol.Tcp or Protocol.Udp or Protocol.TcpUdp;

    public static RelayRule From(ForwardingRule rule, IPAddress listenAddress) => new(
        rule.Id,
        rule.Name,
        rule.Protocol switch
        {
            Protocol.Udp => RelayTransport.Udp,
            Protocol.TcpUdp => RelayTransport.TcpAndUdp,
            _ => RelayTransport.Tcp,
        },
        listenAddress,
        rule.ExternalPort,
        rule.ExternalPortEnd ?? rule.ExternalPort,
        rule.InternalHost,
        rule.InternalPort,
        [.. rule.AllowedSources.Select(IPNetwork.Parse)],
        RelayLimits.Default);

    /// <summary>The rule's own listen address, else the configured default, else every address (IPv4 and IPv6).</summary>
    public static IPAddress ListenAddress(ForwardingRule rule, IPAddress? configuredDefault) =>
        IPAddress.TryParse(rule.ListenAddress, out var own) ? own
        : configuredDefault ?? IPAddress.IPv6Any;
}
