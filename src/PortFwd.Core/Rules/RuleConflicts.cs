using System.Net;

namespace PortFwd.Core.Rules;

/// <summary>Why a rule cannot be enabled next to another one.</summary>
public sealed record RuleConflict(ForwardingRule Other, string Message);

/// <summary>
/// Finds enabled rules that claim the same listen address, port and transport. TCP/UDP claims both
/// transports; HTTP claims TCP, but HTTP rules may share a port when their host names (or path
/// prefixes) tell them apart.
/// </summary>
public static class RuleConflicts
{
    public static RuleConflict? Find(ForwardingRule candidate, IEnumerable<ForwardingRule> others)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(others);
        if (!candidate.Enabled)
        {
            return null;
        }

        foreach (var other in others)
        {
            if (other.Id == candidate.Id && candidate.Id != 0 || !other.Enabled)
            {
                continue;
            }

            if (Clash(candidate, other) is { } message)
            {
                return new RuleConflict(other, message);
            }
        }

        return null;
    }

    private static string? Clash(ForwardingRule a, ForwardingRule b)
    {
        if (!ListenAddressesOverlap(a.ListenAddress, b.ListenAddress))
        {
            return null;
        }

        var overlap = Intersect(a.ExternalPorts, b.ExternalPorts);
        if (overlap is not { } ports)
        {
            return null;
        }

        var where = ports.IsSinglePort ? $"Port {ports}" : $"Ports {ports}";
        if (a.Protocol == Protocol.Http && b.Protocol == Protocol.Http)
        {
            return HttpRoutesOverlap(a, b)
                ? $"{where} already serves the same host names and path on rule \"{b.Name}\"; give this rule other host names or another path prefix."
                : null;
        }

        if (a.Protocol.UsesTcp() && b.Protocol.UsesTcp())
        {
            return $"{where}/TCP is already forwarded by rule \"{b.Name}\"; choose another external port or disable that rule first.";
        }

        if (a.Protocol.UsesUdp() && b.Protocol.UsesUdp())
        {
            return $"{where}/UDP is already forwarded by rule \"{b.Name}\"; choose another external port or disable that rule first.";
        }

        return null;
    }

    private static PortRange? Intersect(PortRange a, PortRange b) =>
        a.Overlaps(b) ? new PortRange(Math.Max(a.Start, b.Start), Math.Min(a.End, b.End)) : null;

    private static bool HttpRoutesOverlap(ForwardingRule a, ForwardingRule b)
    {
        var hostsOverlap = (a.HostNames.Count == 0 && b.HostNames.Count == 0)
            || a.HostNames.Intersect(b.HostNames, StringComparer.OrdinalIgnoreCase).Any();
        return hostsOverlap && string.Equals(a.PathPrefix ?? "/", b.PathPrefix ?? "/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An empty or wildcard listen address overlaps every address.</summary>
    private static bool ListenAddressesOverlap(string? a, string? b)
    {
        if (IsAny(a) || IsAny(b))
        {
            return true;
        }

        return IPAddress.Parse(a!).Equals(IPAddress.Parse(b!));
    }

    private static bool IsAny(string? address) =>
        string.IsNullOrEmpty(address)
        || !IPAddress.TryParse(address, out var ip)
        || ip.Equals(IPAddress.Any)
        || ip.Equals(IPAddress.IPv6Any);
}
