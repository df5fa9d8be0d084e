using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PortFwd.Web.Tests.Certificates;

/// <summary>Certificates made in the test: a CA and server certificates it signs, as PEM or PFX, like a user would upload them.</summary>
internal static class TestCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>A CA certificate (with its key) that signs the server certificates below: a root, or an intermediate <paramref name="parent"/> signs.</summary>
    public static X509Certificate2 Authority(string name = "PortFwd Test CA", X509Certificate2? parent = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var (from, until) = (DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(5));
        if (parent is null)
        {
            return request.CreateSelfSigned(from, until);
        }

        using var signed = request.Create(parent, from, until.AddDays(-1), RandomNumberGenerator.GetBytes(12));
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>A server certificate for <paramref name="names"/>, signed by <paramref name="authority"/> (or by itself), with its key.</summary>
    public static X509Certificate2 Server(string[] names, X509Certificate2? authority = null, bool rsa = false,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string usage = ServerAuthentication)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsaKey
            ? new CertificateRequest("CN=" + names[0], rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=" + names[0], (ECDsa)key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var until = notAfter ?? DateTimeOffset.UtcNow.AddDays(90);
        if (authority is null)
        {
            return request.CreateSelfSigned(from, until);
        }

        using var signed = request.Create(authority, from, until, RandomNumberGenerator.GetBytes(12));
        return key is RSA r ? signed.CopyWithPrivateKey(r) : signed.CopyWithPrivateKey((ECDsa)key);
    }

    /// <summary>The certificate, then its chain, then its private key, as one PEM text.</summary>
    public static string Pem(X509Certificate2 certificate, params X509Certificate2[] chain) =>
        string.Concat(chain.Prepend(certificate).Select(c => c.ExportCertificatePem() + "\n")) + KeyPem(certificate);

    public static string KeyPem(X509Certificate2 certificate) =>
        (certificate.GetECDsaPrivateKey() as AsymmetricAlgorithm ?? certificate.GetRSAPrivateKey()!).ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>A PFX file of the certificate (and chain) in base64, under <paramref name="password"/>.</summary>
    public static string PfxBase64(X509Certificate2 certificate, string password, params X509Certificate2[] chain)
    {
        var collection = new X509Certificate2Collection(certificate);
        foreach (var ca in chain)
        {
            collection.Add(X509CertificateLoader.LoadCertificate(ca.RawData));
        }

        return Convert.ToBase64String(collection.Export(X509ContentType.Pkcs12, password)!);
    }
}
