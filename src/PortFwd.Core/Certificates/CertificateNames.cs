using System.Net;

namespace PortFwd.Core.Certificates;

/// <summary>
/// Which host names a certificate's names cover, as browsers decide it (RFC 6125): names compare without case and
/// without a final dot; a wildcard stands for exactly one leftmost label, so <c>*.example.com</c> covers
/// <c>www.example.com</c> but neither <c>example.com</c> nor <c>a.b.example.com</c>. A rule's own wildcard name is
/// covered only by the same wildcard.
/// </summary>
public static class CertificateNames
{
    /// <summary>Whether one of <paramref name="certificateNames"/> covers <paramref name="hostName"/>.</summary>
    public static bool Covers(IEnumerable<string> certificateNames, string hostName)
    {
        ArgumentNullException.ThrowIfNull(certificateNames);
        ArgumentNullException.ThrowIfNull(hostName);
        var host = Normalize(hostName);
        return certificateNames.Any(name => Matches(Normalize(name), host));
    }

    /// <summary>The host names of <paramref name="hostNames"/> that no name of the certificate covers.</summary>
    public static IReadOnlyList<string> Uncovered(IEnumerable<string> certificateNames, IEnumerable<string> hostNames)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        var names = certificateNames.ToList();
        return [.. hostNames.Where(host => !Covers(names, host))];
    }

    /// <summary>Lower case, no final dot: how names are compared and kept.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().TrimEnd('.').ToLowerInvariant();
    }

    private static bool Matches(string certificateName, string host)
    {
        if (certificateName == host)
        {
            return true;
        }

        // A wildcard never stands for an address, nor for the last label (*.com), nor for an empty label.
        if (!certificateName.StartsWith("*.", StringComparison.Ordinal) || IPAddress.TryParse(host, out _))
        {
            return false;
        }

        var suffix = certificateName[1..];
        if (!suffix[1..].Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        return host.EndsWith(suffix, StringComparison.Ordinal)
            && host.Length > suffix.Length
            && !host[..^suffix.Length].Contains('.', StringComparison.Ordinal)
            && !host.StartsWith("*.", StringComparison.Ordinal);
    }
}
