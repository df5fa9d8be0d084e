using System.Net;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.Rules;

/// <summary>Why a rule cannot be enabled next to another one.</summary>
/// <param name="Other">The enabled rule that holds the port.</param>
/// <param name="Said">What clashes and how to fix it, with its code (<see cref="RuleMessages"/>) so a page says it in the person's language.</param>
/// <param name="Field">The field of the candidate rule that clashes (<see cref="RuleFields.ExternalPort"/>, or <see cref="RuleFields.HttpPort"/> for its redirect).</param>
public sealed record RuleConflict(ForwardingRule Other, ValidationMessage Said, string Field = RuleFields.ExternalPort)
{
    /// <summary>What clashes and how to fix it, in English: what the API answers.</summary>
    public string Message => Said.Text;
}

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
            return new RuleConflict(b, RuleMessages.ConflictRedirectPortTaken.With(a.HttpPort, b.Name), RuleFields.HttpPort);
        }

        if (b.RedirectsHttp && a.ExternalPorts.Contains(b.HttpPort) && a.Protocol.UsesTcp())
        {
            return new RuleConflict(b, RuleMessages.ConflictOtherRedirect.With(b.HttpPort, b.Name));
        }

        // Two redirects on one port share its listener.
        return null;
    }

    private static ValidationMessage? PortsClash(ForwardingRule a, ForwardingRule b)
    {
        var overlap = Intersect(a.ExternalPorts, b.ExternalPorts);
        if (overlap is not { } ports)
        {
            return null;
        }

        var where = (ports.IsSinglePort ? RuleMessages.ConflictPort : RuleMessages.ConflictPorts).With(ports.ToString());
        if (a.Protocol == Protocol.Http && b.Protocol == Protocol.Http)
        {
            if (a.UsesTls != b.UsesTls)
            {
                return (b.UsesTls ? RuleMessages.ConflictHttpsThere : RuleMessages.ConflictPlainHttpThere).With(where, b.Name);
            }

            return HttpRoutesOverlap(a, b) ? RuleMessages.ConflictSameRoute.With(where, b.Name) : null;
        }

        if (a.Protocol.UsesTcp() && b.Protocol.UsesTcp())
        {
            return RuleMessages.ConflictTcp.With(where, b.Name);
        }

        if (a.Protocol.UsesUdp() && b.Protocol.UsesUdp())
        {
            return RuleMessages.ConflictUdp.With(where, b.Name);
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
