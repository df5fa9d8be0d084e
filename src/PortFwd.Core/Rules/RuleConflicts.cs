using System.Net;

namespace PortFwd.Core.Rules;

/// <summary>Why a rule cannot be enabled next to another one.</summary>
/// <param name="Other">The enabled rule that holds the port.</param>
/// <param name="Message">What clashes and how to fix it.</param>
/// <param name="Field">The field of the candidate rule that clashes (<see cref="RuleFields.ExternalPort"/>, or <see cref="RuleFields.HttpPort"/> for its redirect).</param>
public sealed record RuleConflict(ForwardingRule Other, string Message, string Field = RuleFields.ExternalPort);

/// <summary>
/// Finds enabled rules that claim the same listen address, port and transport. TCP/UDP claims both
/// transports; HTTP claims TCP, but HTTP rules may share a port when their host names (or path
/// prefixes) tell them apart and they agree on HTTPS (one port cannot answer both plain HTTP and HTTPS).
/// An HTTPS rule's redirect claims TCP on its plain HTTP port, which HTTPS rules may share for their redirects.
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

            if (ListenAddressesOverlap(candidate.ListenAddress, other.ListenAddress) && Clash(candidate, other) is { } conflict)
            {
                return conflict;
            }
        }

        return null;
    }

    private static RuleConflict? Clash(ForwardingRule a, ForwardingRule b)
    {
        if (PortsClash(a, b) is { } message)
        {
            return new RuleConflict(b, message);
        }

        if (a.RedirectsHttp && b.ExternalPorts.Contains(a.HttpPort) && b.Protocol.UsesTcp())
        {
            return new RuleConflict(b,
                $"Port {a.HttpPort}, where this rule's redirect to HTTPS answers, is already forwarded by rule \"{b.Name}\"; choose another plain HTTP port or turn the redirect off.",
                RuleFields.HttpPort);
        }

        if (b.RedirectsHttp && a.ExternalPorts.Contains(b.HttpPort) && a.Protocol.UsesTcp())
        {
            return new RuleConflict(b,
                $"Port {b.HttpPort} answers the redirect to HTTPS of rule \"{b.Name}\"; choose another external port or turn that redirect off first.");
        }

        // Two redirects on one port share its listener.
        return null;
    }

    private static string? PortsClash(ForwardingRule a, ForwardingRule b)
    {
        var overlap = Intersect(a.ExternalPorts, b.ExternalPorts);
        if (overlap is not { } ports)
        {
            return null;
        }

        var where = ports.IsSinglePort ? $"Port {ports}" : $"Ports {ports}";
        if (a.Protocol == Protocol.Http && b.Protocol == Protocol.Http)
        {
            if (a.UsesTls != b.UsesTls)
            {
                return b.UsesTls
                    ? $"{where} serves HTTPS on rule \"{b.Name}\" and one port cannot answer both plain HTTP and HTTPS; turn on HTTPS (tls) for this rule too or choose another external port."
                    : $"{where} serves plain HTTP on rule \"{b.Name}\" and one port cannot answer both plain HTTP and HTTPS; choose another external port (HTTPS usually comes on 443).";
            }

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
