using PortFwd.Core.Certificates;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Data.Certificates;

/// <summary>
/// A certificate as the database keeps it: the chain as PEM (public) and the private key only as ASP.NET Data
/// Protection ciphertext, which the panel's keys in the data folder alone can read. Names and dates are copied
/// out of the certificate so lists and checks need not parse it.
/// </summary>
public sealed class StoredCertificate
{
    public int Id { get; set; }

    /// <summary>The DNS names (and addresses) it is for, lower case, from its subject alternative names.</summary>
    public List<string> Names { get; set; } = [];

    public CertificateSource Source { get; set; }

    /// <summary>For a self-signed certificate: the rule it was generated for (deleted with it).</summary>
    public int? RuleId { get; set; }

    /// <summary>The certificate first, then the CA certificates that lead to the root, as PEM.</summary>
    public string ChainPem { get; set; } = "";

    /// <summary>The private key (PKCS#8 PEM) encrypted with Data Protection; never the key itself.</summary>
    public string ProtectedKey { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Issuer { get; set; } = "";

    /// <summary>SHA-256 of the certificate, hex: tells a renewed certificate from the old one.</summary>
    public string Thumbprint { get; set; } = "";

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the certificate was last replaced by a new one for the same names (renewal), if ever.</summary>
    public DateTimeOffset? RenewedAt { get; set; }

    /// <summary>When the panel last tried to renew it (ACME), if ever.</summary>
    public DateTimeOffset? LastRenewalAt { get; set; }

    public RenewalResult? LastRenewalResult { get; set; }

    /// <summary>What the last renewal attempt said (the CA's reason when it failed), in English.</summary>
    public string? LastRenewalMessage { get; set; }

    /// <summary>The code of <see cref="LastRenewalMessage"/> ("Cert.*"); null in rows noted before renewal notes had codes.</summary>
    public string? LastRenewalCode { get; set; }

    /// <summary>The values in <see cref="LastRenewalMessage"/> as a JSON array (see <see cref="StoredMessage"/>); null when it has no code.</summary>
    public string? LastRenewalArguments { get; set; }

    /// <summary>The last renewal note as a coded message, for a page in the person's language (its English alone for older rows); null when none was noted.</summary>
    public ValidationMessage? LastRenewalSaid =>
        LastRenewalMessage is null ? null : StoredMessage.Read(LastRenewalCode, LastRenewalMessage, LastRenewalArguments);

    /// <summary>What rule validation needs of it.</summary>
    public CertificateFacts ToFacts() => new(Id, Names, NotBefore, NotAfter);
}
