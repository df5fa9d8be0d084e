using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortFwd.Web.Certificates;

namespace PortFwd.Web.Hosting;

/// <summary>
/// The panel's own HTTPS certificate: self-signed (ECDSA P-256) for this machine's host name, <c>localhost</c> and its
/// addresses, made on the first start with HTTPS on and kept in <c>&lt;data&gt;/https</c> as PEM files. The private key
/// file is created owner-only (mode 0600) in the owner-only data folder; it is not encrypted, since the panel must read
/// it before anything else starts and Data Protection's keys would sit in the same folder anyway. A certificate of its
/// own with less than <see cref="RenewBefore"/> left is made again; one the owner put in its place (any PEM certificate
/// and key) is served as it is.
/// </summary>
internal static class PanelCertificate
{
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    public static string CertificatePath(string dataDirectory) => Path.Combine(dataDirectory, "https", "panel.crt.pem");

    public static string KeyPath(string dataDirectory) => Path.Combine(dataDirectory, "https", "panel.key.pem");

    /// <summary>The kept certificate, or a new one written there; null after a sentence saying what is wrong went to <paramref name="problems"/>.</summary>
    public static X509Certificate2? LoadOrCreate(string dataDirectory, DateTimeOffset now, ICollection<string> problems)
    {
        var certificatePath = CertificatePath(dataDirectory);
        var keyPath = KeyPath(dataDirectory);
        if (File.Exists(certificatePath) || File.Exists(keyPath))
        {
            try
            {
                var kept = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
                if (!IsOwn(kept) || kept.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore)
                {
                    // A certificate the owner put there is served as it is, whatever its dates: it is theirs to renew.
                    return kept;
                }

                kept.Dispose();
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                problems.Add($"The panel's HTTPS certificate ({certificatePath} and {keyPath}) cannot be read: {e.Message.TrimEnd('.')}. "
                    + "Delete both files to have a new one made on the next start.");
                return null;
            }
        }

        using var material = SelfSignedCertificate.Create(Names(), now);
        var made = material.Leaf;
        using var key = made.GetECDsaPrivateKey()!;
        PrivateDirectory.Create(Path.GetDirectoryName(certificatePath)!);
        WriteOwnerOnly(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, made.ExportCertificatePem());
        return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
    }

    /// <summary>Whether the panel made <paramref name="certificate"/> (self-signed, with the organisation it gives its own).</summary>
    private static bool IsOwn(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)
        && certificate.Subject.Contains("O=PortFwd self-signed", StringComparison.Ordinal);

    /// <summary>This machine's host name, <c>localhost</c>, and every address of its interfaces (loopback included).</summary>
    public static List<string> Names()
    {
        var names = new List<string> { Dns.GetHostName().ToLowerInvariant(), "localhost" };
        foreach (var address in NetworkInterface.GetAllNetworkInterfaces()
                     .Where(i => i.OperationalStatus == OperationalStatus.Up)
                     .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                     .Select(u => u.Address)
                     .Where(a => a.AddressFamily == AddressFamily.InterNetwork || (a.AddressFamily == AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal)))
        {
            names.Add(address.ToString());
        }

        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(text);
    }
}
