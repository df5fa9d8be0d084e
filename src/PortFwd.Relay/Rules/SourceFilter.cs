using System.Net;

namespace PortFwd.Relay.Rules;

/// <summary>A rule's allow-list of source networks, shared by the relay and the HTTP rules.</summary>
public static class SourceFilter
{
    /// <summary>
    /// Whether <paramref name="source"/> may use the rule: an empty list admits everyone, and an IPv4
    /// client reaching a dual-stack socket (an IPv4-mapped IPv6 address) is matched as the IPv4 address it is.
    /// </summary>
    public static bool Admits(IPNetwork[] allowed, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(source);
        if (allowed.Length == 0)
        {
            return true;
        }

        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        foreach (var network in allowed)
        {
            if (network.Contains(source))
            {
                return true;
            }
        }

        return false;
    }
}
