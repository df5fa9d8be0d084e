using System.Net;

namespace PortFwd.Acme.Orders;

/// <summary>
/// The names an order may hold, checked before anything is sent: DNS names only (no IP literals, no wildcards,
/// which need DNS-01), ASCII (an internationalized name in its xn-- form), lower case, each once.
/// </summary>
internal static class DnsNames
{
    public static AcmeResult<IReadOnlyList<string>> Check(IEnumerable<string> names)
    {
        var result = new List<string>();
        foreach (var raw in names)
        {
            var name = (raw ?? "").Trim().TrimEnd('.').ToLowerInvariant();
            if (Problem(name) is { } problem)
            {
                return new AcmeError(AcmeErrorKind.Rejected, $"'{raw}' cannot be in a certificate from this CA: {problem.Why}.")
                {
                    Identifier = raw,
                    Code = "NameRefused" + problem.Code,
                    Arguments = [raw ?? ""],
                };
            }

            if (!result.Contains(name))
            {
                result.Add(name);
            }
        }

        return result.Count == 0
            ? new AcmeError(AcmeErrorKind.Rejected, "A certificate needs at least one host name.")
            : AcmeResult<IReadOnlyList<string>>.Ok(result);
    }

    /// <summary>Why a name is refused: each reason a code of its own ("NameRefused" + <c>Code</c>), so a panel can say it whole in its language.</summary>
    private static (string Code, string Why)? Problem(string name)
    {
        if (name.Length == 0)
        {
            return ("Empty", "the name is empty");
        }

        if (IPAddress.TryParse(name.Trim('[', ']'), out _))
        {
            return ("IpAddress", "it is an IP address, and certificates are issued here for host names only");
        }

        if (name.Contains('*', StringComparison.Ordinal))
        {
            return ("Wildcard", "wildcard names need a DNS-01 challenge, and PortFwd answers HTTP-01 only");
        }

        if (name.Length > 253)
        {
            return ("TooLong", "it is longer than 253 characters");
        }

        if (!name.Contains('.', StringComparison.Ordinal))
        {
            return ("NoDot", "it has no dot, so no CA can reach it by DNS");
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                return ("LabelLength", "each dot-separated part must have 1 to 63 characters");
            }

            if (label[0] == '-' || label[^1] == '-' || !label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return ("Characters", "only letters, digits and inner hyphens may be used (write an international name in its xn-- form)");
            }
        }

        return null;
    }
}
