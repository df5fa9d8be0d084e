using System.Buffers.Text;
using System.Security.Cryptography.X509Certificates;

namespace PortFwd.Acme;

/// <summary>
/// The CA's advice on when to renew a certificate (ACME Renewal Information, RFC 9773): renew at a moment
/// chosen at random inside the window; ask again after <see cref="CheckAgainAfter"/>.
/// </summary>
/// <param name="WindowStart">Renew from here on.</param>
/// <param name="WindowEnd">Renew before this.</param>
public sealed record RenewalInfo(DateTimeOffset WindowStart, DateTimeOffset WindowEnd)
{
    /// <summary>A page where the CA explains why the window moved (e.g. a revocation ahead).</summary>
    public Uri? ExplanationUrl { get; init; }

    /// <summary>When to ask again (the answer's <c>Retry-After</c>), if the CA said.</summary>
    public DateTimeOffset? CheckAgainAfter { get; init; }

    /// <summary>
    /// The certificate's ARI identifier (RFC 9773 §4.1): base64url of its authority key identifier, a dot, and
    /// base64url of its serial number's bytes. Null when the certificate has no authority key identifier.
    /// </summary>
    public static string? CertificateId(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var keyId = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
        return keyId is { } id
            ? Base64Url.EncodeToString(id.Span) + "." + Base64Url.EncodeToString(certificate.SerialNumberBytes.Span)
            : null;
    }
}
