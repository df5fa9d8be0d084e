using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortFwd.Core.Rules;

namespace PortFwd.Web.Certificates;

/// <summary>
/// A certificate the panel signs itself for one rule, for use on the LAN: ECDSA P-256, valid for a year, for the
/// rule's host names or, when it has none, this machine's name and LAN address. Browsers warn that they do not trust it.
/// </summary>
internal static class SelfSignedCertificate
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>What the API and the pages say beside a self-signed certificate.</summary>
    public const string Warning = "Self-signed: browsers warn that they do not trust it until it is accepted on each device. Use it on your own network only.";

    /// <summary>The names a self-signed certificate for <paramref name="rule"/> is made for.</summary>
    public static IReadOnlyList<string> NamesFor(ForwardingRule rule, string machineName, IPAddress? lanAddress)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.HostNames.Count > 0)
        {
            return rule.HostNames;
        }

        var names = new List<string> { machineName.ToLowerInvariant() };
        if (lanAddress is not null)
        {
            names.Add(lanAddress.ToString());
        }

        return names;
    }

    public static CertificateMaterial Create(IReadOnlyList<string> names, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName("CN=" + names[0].Replace("*", "wildcard", StringComparison.Ordinal) + ", O=PortFwd self-signed");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternativeNames.AddIpAddress(address);
            }
            else
            {
                alternativeNames.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // An hour back, so a client whose clock runs a little behind does not see it as not yet valid.
        var certificate = request.CreateSelfSigned(now.AddHours(-1), now.Add(Lifetime));
        return new CertificateMaterial(certificate, []);
    }
}
