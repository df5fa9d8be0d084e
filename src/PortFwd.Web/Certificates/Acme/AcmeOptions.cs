using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Certificates.Acme;

/// <summary>
/// The <c>PortFwd:Acme</c> section: which ACME CA issues certificates for rules with <c>tls: acme</c>. Nothing talks to
/// the CA until such a rule exists; an empty <see cref="DirectoryUrl"/> turns issuing off (the rules wait, saying so).
/// </summary>
public sealed class AcmeOptions : IParsedSettings
{
    public const string Section = "PortFwd:Acme";

    public const string LetsEncrypt = "https://acme-v02.api.letsencrypt.org/directory";

    public const string LetsEncryptStaging = "https://acme-staging-v02.api.letsencrypt.org/directory";

    /// <summary>The CA's directory (Let's Encrypt unless set).</summary>
    public string? DirectoryUrl { get; set; } = LetsEncrypt;

    /// <summary>The CA used while the Certificates page's "staging CA" switch is on: its certificates are not trusted, its limits are high.</summary>
    public string? StagingDirectoryUrl { get; set; } = LetsEncryptStaging;

    /// <summary>The staging switch until it is changed on the Certificates page (the page's choice is saved in the data folder and wins).</summary>
    public bool UseStaging { get; set; }

    /// <summary>The account's contact: the CA writes there about certificates about to expire. Optional.</summary>
    public string? Email { get; set; }

    /// <summary>A PEM file of CA certificates trusted for the ACME server's own HTTPS, besides the system's (a private CA; tests trust Pebble so).</summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>The port the CA fetches HTTP-01 answers on: 80 on the internet (the router forwards it here).</summary>
    [Range(1, 65535)]
    public int ChallengePort { get; set; } = 80;

    /// <summary><see cref="DirectoryUrl"/> as parsed at start; null turns issuing off.</summary>
    public Uri? ParsedDirectoryUrl { get; private set; }

    /// <summary><see cref="StagingDirectoryUrl"/> as parsed at start; null when there is no staging CA.</summary>
    public Uri? ParsedStagingDirectoryUrl { get; private set; }

    /// <summary>The certificates of <see cref="TrustedCertificatePath"/>, read at start; empty when none is set.</summary>
    public X509Certificate2Collection TrustedCertificates { get; private set; } = [];

    // RFC 8555 §6.1: ACME runs over HTTPS only.
    private static bool TryParseHttpsUrl(string text, [NotNullWhen(true)] out Uri? url) =>
        SettingValues.TryParseWebUrl(text, out url) && url.Scheme == Uri.UriSchemeHttps || (url = null) is not null;

    void IParsedSettings.Parse(string section, ICollection<ValidationMessage> problems)
    {
        const string Allowed = "an https:// URL of an ACME directory (such as " + LetsEncrypt + "), or empty";
        ParsedDirectoryUrl = SettingValues.Parse<Uri>(DirectoryUrl, $"{section}:{nameof(DirectoryUrl)}", TryParseHttpsUrl, Allowed, problems);
        ParsedStagingDirectoryUrl = SettingValues.Parse<Uri>(StagingDirectoryUrl, $"{section}:{nameof(StagingDirectoryUrl)}", TryParseHttpsUrl, Allowed, problems);
        if (!string.IsNullOrWhiteSpace(Email) && (Email.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || !Email.Contains('@', StringComparison.Ordinal) || Email.Length > 254))
        {
            problems.Add(ValidationMessage.Plain($"{section}:{nameof(Email)} is '{Email}'; it must be one e-mail address (such as you@example.org), or empty."));
        }

        TrustedCertificates = [];
        if (!string.IsNullOrWhiteSpace(TrustedCertificatePath))
        {
            var key = $"{section}:{nameof(TrustedCertificatePath)}";
            try
            {
                var trusted = new X509Certificate2Collection();
                trusted.ImportFromPemFile(Path.GetFullPath(TrustedCertificatePath));
                if (trusted.Count == 0)
                {
                    problems.Add(ValidationMessage.Plain($"{key} is '{TrustedCertificatePath}', which holds no certificate; it must be a PEM file (-----BEGIN CERTIFICATE-----), or empty."));
                }

                TrustedCertificates = trusted;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                problems.Add(ValidationMessage.Plain($"{key} is '{TrustedCertificatePath}', which cannot be read as PEM certificates ({ex.Message}); it must be a readable PEM file, or empty."));
            }
        }
    }
}
