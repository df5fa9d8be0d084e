using System.Net;
using System.Net.Sockets;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import.Text;

namespace PortFwd.Import.Rinetd;

/// <summary>
/// rinetd's allow patterns are globs over the written address ("192.168.1.*", "10.*"); a PortFwd rule takes networks.
/// A pattern becomes a network when its wildcards cover whole trailing octets; anything else matches a set no
/// network describes ("192.168.1.1?", "10.*.1.1") and is refused rather than widened or narrowed.
/// </summary>
internal static class AllowPattern
{
    public static bool TryNetwork(string pattern, out string network, out ValidationMessage problem)
    {
        network = "";
        problem = ValidationMessage.Plain("");
        var bare = Drafts.Unbracket(pattern);
        if (bare.Contains(':', StringComparison.Ordinal))
        {
            if (bare.IndexOfAny(['*', '?']) >= 0)
            {
                problem = ImportMessages.RinetdAllowV6Wildcard.With(pattern);
                return false;
            }

            if (!AddressText.TryParse(bare, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                problem = ImportMessages.RinetdAllowNotV6.With(pattern);
                return false;
            }

            network = $"{v6}/128";
            return true;
        }

        if (pattern.Contains('?', StringComparison.Ordinal))
        {
            problem = ImportMessages.RinetdAllowQuestionMark.With(pattern);
            return false;
        }

        var parts = pattern.Split('.');
        var fixedParts = new List<byte>();
        var wildcard = false;
        foreach (var part in parts)
        {
            if (part == "*")
            {
                wildcard = true;
            }
            else if (wildcard || part.Contains('*', StringComparison.Ordinal) || !byte.TryParse(part, out var octet) || part.Length > 3)
            {
                problem = part.Contains('*', StringComparison.Ordinal) || wildcard
                    ? ImportMessages.RinetdAllowInnerStar.With(pattern)
                    : ImportMessages.RinetdAllowNotV4.With(pattern);
                return false;
            }
            else
            {
                fixedParts.Add(octet);
            }
        }

        if (fixedParts.Count > 4 || !wildcard && fixedParts.Count != 4 || parts.Length > 4)
        {
            problem = ImportMessages.RinetdAllowNotV4.With(pattern);
            return false;
        }

        var bytes = new byte[4];
        fixedParts.CopyTo(bytes);
        network = $"{new IPAddress(bytes)}/{fixedParts.Count * 8}";
        return true;
    }

    /// <summary>
    /// The sources that pass both lists (a connection must match a global allow and one of the rule's own), as networks:
    /// two networks overlap only when one holds the other, and then the smaller one is what passes both.
    /// </summary>
    public static List<string> Intersect(IReadOnlyList<string> global, IReadOnlyList<string> own)
    {
        var result = new List<string>();
        foreach (var a in global)
        {
            foreach (var b in own)
            {
                if (!IPNetwork.TryParse(a, out var na) || !IPNetwork.TryParse(b, out var nb))
                {
                    continue;
                }

                var inner = na.PrefixLength >= nb.PrefixLength ? (na, nb) : (nb, na);
                if (inner.Item2.Contains(inner.Item1.BaseAddress) && !result.Contains(inner.Item1.ToString()))
                {
                    result.Add(inner.Item1.ToString());
                }
            }
        }

        return result;
    }
}
