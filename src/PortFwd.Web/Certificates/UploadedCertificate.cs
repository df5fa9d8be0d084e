using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Certificates;

/// <summary>
/// Reads an uploaded certificate, PEM or PFX, and checks it as a server certificate: its private key is there and
/// belongs to it, it is valid now, it may serve TLS, and (for a rule) its names cover the rule's host names. Each
/// mistake is a field error of the upload.
/// </summary>
internal static class UploadedCertificate
{
    private const int MaxUploadChars = 256 * 1024;

    /// <summary>The PEM's key is not this certificate's: the next certificate of the text is tried.</summary>
    private static CertificateError NoKeyOfIt => CertificateError.Of(CertificateErrorKind.NotFound, ValidationMessage.Plain(""));

    public static CertificateResult<CertificateMaterial> Read(CertificateUpload upload, ForwardingRule? rule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var hasPem = !string.IsNullOrWhiteSpace(upload.Pem);
        var hasPfx = !string.IsNullOrWhiteSpace(upload.Pfx);
        if (hasPem == hasPfx)
        {
            return CertificateError.Invalid(hasPem ? CertificateFields.Pfx : CertificateFields.Pem, hasPem
                ? CertificateMessages.PemAndPfx.With()
                : CertificateMessages.NothingSent.With());
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
            return CertificateError.Invalid(CertificateFields.Pem, CertificateMessages.PemTooLong.With(MaxUploadChars / 1024));
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            return CertificateError.Invalid(CertificateFields.Pem, CertificateMessages.PemBlockUnreadable.With());
        }

        if (certificates.Count == 0)
        {
            return CertificateError.Invalid(CertificateFields.Pem, CertificateMessages.PemNoCertificate.With());
        }

        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return CertificateError.Invalid(CertificateFields.Pem, CertificateMessages.PemNoKey.With());
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

        return CertificateError.Invalid(CertificateFields.Pem, CertificateMessages.KeyMatchesNone.With());
    }

    /// <summary>The certificate joined to the PEM's key; NotFound when the key is another certificate's.</summary>
    private static CertificateResult<X509Certificate2> WithKey(X509Certificate2 certificate, string pem, string? password)
    {
        using AsymmetricAlgorithm? key = certificate.GetECDsaPublicKey() is not null ? ECDsa.Create()
            : certificate.GetRSAPublicKey() is not null ? RSA.Create()
            : null;
        if (key is null)
        {
            return CertificateError.Invalid(CertificateFields.Pem, CertificateMessages.KeyKind.With());
        }

        try
        {
            if (pem.Contains("ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            {
                if (string.IsNullOrEmpty(password))
                {
                    return CertificateError.Invalid(CertificateFields.Password, CertificateMessages.KeyEncrypted.With());
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
                ? NoKeyOfIt
                : CertificateError.Invalid(CertificateFields.Password, CertificateMessages.KeyWrongPassword.With());
        }
        catch (ArgumentException)
        {
            // More than one key, or none of this certificate's kind (an RSA key next to an ECDSA certificate).
            return NoKeyOfIt;
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
            return NoKeyOfIt;
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
            return CertificateError.Invalid(CertificateFields.Pfx, CertificateMessages.PfxNotBase64.With());
        }

        X509Certificate2Collection certificates;
        try
        {
            certificates = X509CertificateLoader.LoadPkcs12Collection(bytes, password, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            return string.IsNullOrEmpty(password)
                ? CertificateError.Invalid(CertificateFields.Password, CertificateMessages.PfxNeedsPassword.With())
                : CertificateError.Invalid(CertificateFields.Password, CertificateMessages.PfxWrongPassword.With());
        }

        var leaf = certificates.FirstOrDefault(c => c.HasPrivateKey);
        if (leaf is null)
        {
            return CertificateError.Invalid(CertificateFields.Pfx, CertificateMessages.PfxNoKey.With());
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

    private static Dictionary<string, List<ValidationMessage>> Check(CertificateMaterial material, ForwardingRule? rule, DateTimeOffset now, string field)
    {
        var problems = new Dictionary<string, List<ValidationMessage>>(StringComparer.Ordinal);
        void Add(string key, ValidationMessage message)
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
            Add(field, CertificateMessages.Expired.With(Day(leaf.NotAfter)));
        }
        else if (leaf.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            Add(field, CertificateMessages.NotYetValid.With(Day(leaf.NotBefore)));
        }

        if (!material.AllowsServer)
        {
            Add(field, CertificateMessages.NotForServers.With());
        }

        var names = material.Names;
        if (names.Count == 0)
        {
            Add(field, CertificateMessages.NoNames.With());
        }

        if (rule is not null)
        {
            var uncovered = CertificateNames.Uncovered(names, rule.HostNames);
            if (uncovered.Count > 0)
            {
                Add(CertificateFields.RuleId,
                    CertificateMessages.NamesUncovered.With(string.Join(", ", names), string.Join(", ", uncovered), rule.Name));
            }
        }

        return problems;
    }

    private static string Day(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
