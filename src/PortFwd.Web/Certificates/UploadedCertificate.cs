using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;

namespace PortFwd.Web.Certificates;

/// <summary>
/// Reads an uploaded certificate, PEM or PFX, and checks it as a server certificate: its private key is there and
/// belongs to it, it is valid now, it may serve TLS, and (for a rule) its names cover the rule's host names. Each
/// mistake is a field error of the upload.
/// </summary>
internal static class UploadedCertificate
{
    private const int MaxUploadChars = 256 * 1024;

    public static CertificateResult<CertificateMaterial> Read(CertificateUpload upload, ForwardingRule? rule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var hasPem = !string.IsNullOrWhiteSpace(upload.Pem);
        var hasPfx = !string.IsNullOrWhiteSpace(upload.Pfx);
        if (hasPem == hasPfx)
        {
            return CertificateError.Invalid(hasPem ? CertificateFields.Pfx : CertificateFields.Pem, hasPem
                ? "Send either the PEM text or the PFX file, not both."
                : "Send the certificate: its PEM text (certificate and private key), or a PFX file in base64 with its password.");
        }

        var read = hasPem ? ReadPem(CertificateMaterial.SeparateBlocks(upload.Pem!), upload.Password) : ReadPfx(upload.Pfx!, upload.Password);
        if (!read.IsSuccess)
        {
            return read;
        }

        var problems = Check(read.Value, rule, now, hasPem ? CertificateFields.Pem : CertificateFields.Pfx);
        if (problems.Count > 0)
        {
            read.Value.Dispose();
            return CertificateError.Invalid(problems);
        }

        return read;
    }

    private static CertificateResult<CertificateMaterial> ReadPem(string pem, string? password)
    {
        if (pem.Length > MaxUploadChars)
        {
            return CertificateError.Invalid(CertificateFields.Pem, $"The PEM text is longer than {MaxUploadChars / 1024} KiB; a certificate with its chain is a few KiB.");
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            return CertificateError.Invalid(CertificateFields.Pem, "A certificate block of the PEM text does not read as a certificate; paste it again as it was issued.");
        }

        if (certificates.Count == 0)
        {
            return CertificateError.Invalid(CertificateFields.Pem, "The PEM text holds no certificate (-----BEGIN CERTIFICATE-----).");
        }

        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return CertificateError.Invalid(CertificateFields.Pem, "The PEM text holds no private key (-----BEGIN PRIVATE KEY-----); add the key the certificate was issued for.");
        }

        // The leaf is the certificate the key belongs to; the others are its chain, in the order given.
        foreach (var candidate in certificates)
        {
            var leaf = WithKey(candidate, pem, password);
            if (!leaf.IsSuccess)
            {
                if (leaf.Error.Kind == CertificateErrorKind.NotFound)
                {
                    continue;
                }

                return CertificateResult<CertificateMaterial>.Fail(leaf.Error);
            }

            return CertificateResult<CertificateMaterial>.Ok(new CertificateMaterial(leaf.Value, [.. certificates.Where(c => c != candidate)]));
        }

        return CertificateError.Invalid(CertificateFields.Pem, "The private key does not belong to any certificate of the PEM text; upload the key the certificate was issued for.");
    }

    /// <summary>The certificate joined to the PEM's key; NotFound when the key is another certificate's.</summary>
    private static CertificateResult<X509Certificate2> WithKey(X509Certificate2 certificate, string pem, string? password)
    {
        using AsymmetricAlgorithm? key = certificate.GetECDsaPublicKey() is not null ? ECDsa.Create()
            : certificate.GetRSAPublicKey() is not null ? RSA.Create()
            : null;
        if (key is null)
        {
            return CertificateError.Invalid(CertificateFields.Pem, "Only certificates with an RSA or ECDSA key can be served.");
        }

        try
        {
            if (pem.Contains("ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            {
                if (string.IsNullOrEmpty(password))
                {
                    return CertificateError.Invalid(CertificateFields.Password, "The private key is encrypted; give its password.");
                }

                key.ImportFromEncryptedPem(pem, password);
            }
            else
            {
                key.ImportFromPem(pem);
            }
        }
        catch (CryptographicException)
        {
            return string.IsNullOrEmpty(password) || !pem.Contains("ENCRYPTED", StringComparison.Ordinal)
                ? new CertificateError(CertificateErrorKind.NotFound, "", new Dictionary<string, string[]>())
                : CertificateError.Invalid(CertificateFields.Password, "The password does not open the private key.");
        }
        catch (ArgumentException)
        {
            // More than one key, or none of this certificate's kind (an RSA key next to an ECDSA certificate).
            return new CertificateError(CertificateErrorKind.NotFound, "", new Dictionary<string, string[]>());
        }

        try
        {
            return CertificateResult<X509Certificate2>.Ok(key switch
            {
                ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
                RSA rsa => certificate.CopyWithPrivateKey(rsa),
                _ => throw new CryptographicException(),
            });
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return new CertificateError(CertificateErrorKind.NotFound, "", new Dictionary<string, string[]>());
        }
    }

    private static CertificateResult<CertificateMaterial> ReadPfx(string base64, string? password)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            return CertificateError.Invalid(CertificateFields.Pfx, "The PFX file must be sent in base64.");
        }

        X509Certificate2Collection certificates;
        try
        {
            certificates = X509CertificateLoader.LoadPkcs12Collection(bytes, password, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            return string.IsNullOrEmpty(password)
                ? CertificateError.Invalid(CertificateFields.Password, "The PFX file does not open without a password; give its password.")
                : CertificateError.Invalid(CertificateFields.Password, "The password does not open the PFX file (or it is not a PFX file).");
        }

        var leaf = certificates.FirstOrDefault(c => c.HasPrivateKey);
        if (leaf is null)
        {
            return CertificateError.Invalid(CertificateFields.Pfx, "The PFX file holds no private key; export it again with the key.");
        }

        // A PFX lists the chain in any order: the leaf is the one with the key; the rest follow, leaf-side first.
        return CertificateResult<CertificateMaterial>.Ok(new CertificateMaterial(leaf, [.. Ordered(leaf, certificates.Where(c => c != leaf))]));
    }

    private static IEnumerable<X509Certificate2> Ordered(X509Certificate2 leaf, IEnumerable<X509Certificate2> rest)
    {
        var left = rest.ToList();
        var issuer = leaf.IssuerName.Name;
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(c => c.SubjectName.Name == issuer) ?? left[0];
            left.Remove(next);
            issuer = next.IssuerName.Name;
            yield return next;
        }
    }

    private static Dictionary<string, List<string>> Check(CertificateMaterial material, ForwardingRule? rule, DateTimeOffset now, string field)
    {
        var problems = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!problems.TryGetValue(key, out var list))
            {
                problems[key] = list = [];
            }

            list.Add(message);
        }

        var leaf = material.Leaf;
        if (leaf.NotAfter.ToUniversalTime() <= now.UtcDateTime)
        {
            Add(field, $"The certificate expired on {Day(leaf.NotAfter)}; upload a current one.");
        }
        else if (leaf.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            Add(field, $"The certificate is valid only from {Day(leaf.NotBefore)}; check this machine's clock or upload another.");
        }

        if (!material.AllowsServer)
        {
            Add(field, "The certificate is not for servers (its extended key usage lacks TLS server authentication).");
        }

        var names = material.Names;
        if (names.Count == 0)
        {
            Add(field, "The certificate names no host (no subject alternative names, no common name).");
        }

        if (rule is not null)
        {
            var uncovered = CertificateNames.Uncovered(names, rule.HostNames);
            if (uncovered.Count > 0)
            {
                Add(CertificateFields.RuleId,
                    $"The certificate is for {string.Join(", ", names)}, not for {string.Join(", ", uncovered)} of rule \"{rule.Name}\"; upload one that covers every host name of the rule.");
            }
        }

        return problems;
    }

    private static string Day(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
