using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;

namespace PortFwd.Data.Certificates;

/// <summary>
/// Which stored certificate an HTTPS rule serves, and so which rules use a certificate: an uploaded rule names its
/// certificate; a self-signed one has the certificate generated for it; an ACME rule serves the ACME certificate that
/// covers all its host names and lasts longest.
/// </summary>
public static class CertificateChoice
{
    /// <summary>The certificate <paramref name="rule"/> serves, or null when it has none yet.</summary>
    public static StoredCertificate? For(ForwardingRule rule, IEnumerable<StoredCertificate> certificates)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(certificates);
        return rule.Tls switch
        {
            TlsMode.Uploaded => certificates.FirstOrDefault(c => c.Id == rule.CertificateId),
            TlsMode.SelfSigned => certificates.Where(c => c.Source == CertificateSource.SelfSigned && c.RuleId == rule.Id)
                .MaxBy(c => c.NotAfter),
            TlsMode.Acme when rule.HostNames.Count > 0 => certificates
                .Where(c => c.Source == CertificateSource.Acme && CertificateNames.Uncovered(c.Names, rule.HostNames).Count == 0)
                .MaxBy(c => c.NotAfter),
            _ => null,
        };
    }

    /// <summary>The ids of the enabled or disabled rules that serve <paramref name="certificate"/>.</summary>
    public static IReadOnlyList<int> RulesUsing(StoredCertificate certificate, IReadOnlyList<StoredCertificate> all, IEnumerable<ForwardingRule> rules)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return [.. rules.Where(r => r.UsesTls && For(r, all)?.Id == certificate.Id).Select(r => r.Id)];
    }
}
