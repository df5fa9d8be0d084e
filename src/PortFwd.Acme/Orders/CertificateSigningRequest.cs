using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PortFwd.Acme.Orders;

/// <summary>The CSR sent to finalize an order (RFC 8555 §7.4): every name as a SAN, the first also as CN.</summary>
internal static class CertificateSigningRequest
{
    /// <summary>DER bytes of the CSR, signed with <paramref name="certificateKey"/> (ECDSA or RSA).</summary>
    public static byte[] Create(IReadOnlyList<string> names, AsymmetricAlgorithm certificateKey)
    {
        var subject = new X500DistinguishedName("CN=" + names[0]);
        var request = certificateKey switch
        {
            ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("The certificate key must be ECDSA or RSA.", nameof(certificateKey)),
        };
        var sans = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            sans.AddDnsName(name);
        }

        request.CertificateExtensions.Add(sans.Build());
        return request.CreateSigningRequest();
    }
}
