using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PortFwd.Core.Certificates;
using PortFwd.Data.Certificates;

namespace PortFwd.Web.Certificates;

/// <summary>
/// A certificate with its private key and the CA certificates sent after it, as read from an upload, generated or
/// issued, before it is stored. The key is exportable here, in memory only, so it can be encrypted for the database.
/// </summary>
internal sealed class CertificateMaterial(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain) : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The certificate itself, with its private key.</summary>
    public X509Certificate2 Leaf { get; } = leaf;

    /// <summary>The CA certificates after it, leaf-side first.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; } = chain;

    /// <summary>The DNS names and addresses it is for: its subject alternative names, or the subject's common name when it has none.</summary>
    public IReadOnlyList<string> Names => NamesOf(Leaf);

    /// <summary>Whether its extended key usage (when it has one) allows a TLS server.</summary>
    public bool AllowsServer =>
        Leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } usage
        || usage.EnhancedKeyUsages.Cast<Oid>().Any(oid => oid.Value == ServerAuthentication);

    public static IReadOnlyList<string> NamesOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var names = new List<string>();
        foreach (var san in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            names.AddRange(san.EnumerateDnsNames().Select(CertificateNames.Normalize));
            names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
        }

        if (names.Count == 0 && certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } commonName)
        {
            names.Add(CertificateNames.Normalize(commonName));
        }

        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>What the database keeps: the chain as PEM and the key encrypted by <paramref name="keys"/>.</summary>
    public StoredCertificate ToStored(CertificateSource source, CertificateKeys keys, int? ruleId = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var chain = new StringBuilder();
        foreach (var certificate in Chain.Prepend(Leaf))
        {
            chain.Append(certificate.ExportCertificatePem()).Append('\n');
        }

        return new StoredCertificate
        {
            Names = [.. Names],
            Source = source,
            RuleId = ruleId,
            ChainPem = chain.ToString(),
            ProtectedKey = keys.Protect(ExportKeyPem(Leaf)),
            Subject = Leaf.Subject,
            Issuer = Leaf.Issuer,
            Thumbprint = Leaf.GetCertHashString(HashAlgorithmName.SHA256),
            NotBefore = new DateTimeOffset(Leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            NotAfter = new DateTimeOffset(Leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        };
    }

    public void Dispose()
    {
        Leaf.Dispose();
        foreach (var certificate in Chain)
        {
            certificate.Dispose();
        }
    }

    private static string ExportKeyPem(X509Certificate2 certificate)
    {
        if (certificate.GetECDsaPrivateKey() is { } ecdsa)
        {
            using (ecdsa)
            {
                return ExportPkcs8(ecdsa);
            }
        }

        if (certificate.GetRSAPrivateKey() is { } rsa)
        {
            using (rsa)
            {
                return ExportPkcs8(rsa);
            }
        }

        throw new CryptographicException("Only RSA and ECDSA keys are supported.");
    }

    /// <summary>
    /// A key from a PFX may allow only encrypted export (Windows' CNG); exporting through a throwaway password and
    /// reading it back gives the plain PKCS#8 everywhere.
    /// </summary>
    private static string ExportPkcs8(AsymmetricAlgorithm key)
    {
        try
        {
            return key.ExportPkcs8PrivateKeyPem();
        }
        catch (CryptographicException)
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var encrypted = key.ExportEncryptedPkcs8PrivateKey(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1));
            using AsymmetricAlgorithm copy = key is RSA ? RSA.Create() : ECDsa.Create();
            copy.ImportEncryptedPkcs8PrivateKey(password, encrypted, out _);
            return copy.ExportPkcs8PrivateKeyPem();
        }
    }

    /// <summary>Builds the certificate with its key from the stored PEM texts (the key already decrypted).</summary>
    public static CertificateMaterial FromPem(string chainPem, string keyPem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(SeparateBlocks(chainPem));
        if (certificates.Count == 0)
        {
            throw new CryptographicException("The stored chain holds no certificate.");
        }

        var leaf = X509Certificate2.CreateFromPem(certificates[0].ExportCertificatePem(), keyPem);
        certificates[0].Dispose();
        return new CertificateMaterial(leaf, [.. certificates.Skip(1)]);
    }

    /// <summary>PEM blocks glued together without a line break ("-----END CERTIFICATE----------BEGIN …") put on lines of their own.</summary>
    public static string SeparateBlocks(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return pem.Replace("----------BEGIN", "-----\n-----BEGIN", StringComparison.Ordinal);
    }
}
