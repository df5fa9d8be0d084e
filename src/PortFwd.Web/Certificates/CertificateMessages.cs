using PortFwd.Acme;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Certificates;

/// <summary>
/// What the certificate side says about an upload, a delete or an ACME order, with codes, so the Certificates page and
/// its upload dialog say it in the person's language ("Msg.Cert.{code}") while <c>/api/certificates</c> answers the
/// English. What the CA says in its own words stays a value.
/// </summary>
public static class CertificateMessages
{
    // An upload.
    public static readonly MessageTemplate NoSuchRule = new("Cert.NoSuchRule", "There is no rule with id {0}.");
    public static readonly MessageTemplate PemAndPfx = new("Cert.PemAndPfx", "Send either the PEM text or the PFX file, not both.");
    public static readonly MessageTemplate NothingSent = new("Cert.NothingSent",
        "Send the certificate: its PEM text (certificate and private key), or a PFX file in base64 with its password.");
    public static readonly MessageTemplate PemTooLong = new("Cert.PemTooLong", "The PEM text is longer than {0} KiB; a certificate with its chain is a few KiB.");
    public static readonly MessageTemplate PemBlockUnreadable = new("Cert.PemBlockUnreadable",
        "A certificate block of the PEM text does not read as a certificate; paste it again as it was issued.");
    public static readonly MessageTemplate PemNoCertificate = new("Cert.PemNoCertificate", "The PEM text holds no certificate (-----BEGIN CERTIFICATE-----).");
    public static readonly MessageTemplate PemNoKey = new("Cert.PemNoKey",
        "The PEM text holds no private key (-----BEGIN PRIVATE KEY-----); add the key the certificate was issued for.");
    public static readonly MessageTemplate KeyMatchesNone = new("Cert.KeyMatchesNone",
        "The private key does not belong to any certificate of the PEM text; upload the key the certificate was issued for.");
    public static readonly MessageTemplate KeyKind = new("Cert.KeyKind", "Only certificates with an RSA or ECDSA key can be served.");
    public static readonly MessageTemplate KeyEncrypted = new("Cert.KeyEncrypted", "The private key is encrypted; give its password.");
    public static readonly MessageTemplate KeyWrongPassword = new("Cert.KeyWrongPassword", "The password does not open the private key.");
    public static readonly MessageTemplate PfxNotBase64 = new("Cert.PfxNotBase64", "The PFX file must be sent in base64.");
    public static readonly MessageTemplate PfxNeedsPassword = new("Cert.PfxNeedsPassword", "The PFX file does not open without a password; give its password.");
    public static readonly MessageTemplate PfxWrongPassword = new("Cert.PfxWrongPassword", "The password does not open the PFX file (or it is not a PFX file).");
    public static readonly MessageTemplate PfxNoKey = new("Cert.PfxNoKey", "The PFX file holds no private key; export it again with the key.");

    // The certificate read.
    public static readonly MessageTemplate Expired = new("Cert.Expired", "The certificate expired on {0}; upload a current one.");
    public static readonly MessageTemplate NotYetValid = new("Cert.NotYetValid", "The certificate is valid only from {0}; check this machine's clock or upload another.");
    public static readonly MessageTemplate NotForServers = new("Cert.NotForServers",
        "The certificate is not for servers (its extended key usage lacks TLS server authentication).");
    public static readonly MessageTemplate NoNames = new("Cert.NoNames", "The certificate names no host (no subject alternative names, no common name).");
    public static readonly MessageTemplate NamesUncovered = new("Cert.NamesUncovered",
        "The certificate is for {0}, not for {1} of rule \"{2}\"; upload one that covers every host name of the rule.");

    // A delete.
    public static readonly MessageTemplate InUse = new("Cert.InUse",
        "Rule {0} serves this certificate; give the rule another certificate (or turn its HTTPS off) first.");
    public static readonly MessageTemplate NotFound = new("Cert.NotFound", "There is no certificate with id {0}.");

    // ACME.
    public static readonly MessageTemplate AcmeOff = new("Cert.AcmeOff", "No ACME CA is set ({0} is empty), so no certificate is ordered.");
    public static readonly MessageTemplate AcmeRateLimited = new("Cert.AcmeRateLimited", "The CA's rate limit was reached; it will not issue again until later: {0}");
    public static readonly MessageTemplate AcmeAccountNotAllowed = new("Cert.AcmeAccountNotAllowed", "The CA does not allow this account to do that: {0}");
    public static readonly MessageTemplate AcmeAccountRefused = new("Cert.AcmeAccountRefused", "The CA refused the account: {0}");
    public static readonly MessageTemplate AcmeBadNonce = new("Cert.AcmeBadNonce", "The CA kept rejecting fresh nonces: {0}");
    public static readonly MessageTemplate AcmeServerFailed = new("Cert.AcmeServerFailed", "The CA at {0} failed to answer: {1}");
    public static readonly MessageTemplate AcmeNameNotValidated = new("Cert.AcmeNameNotValidated", "The CA could not validate the name: {0}");
    public static readonly MessageTemplate AcmeRefused = new("Cert.AcmeRefused", "The CA refused the request: {0}");
    public static readonly MessageTemplate AcmeNotValidated = new("Cert.AcmeNotValidated", "The CA could not validate {0}: {1}");
    public static readonly MessageTemplate AcmeNotValidatedNoReason = new("Cert.AcmeNotValidatedNoReason", "The CA could not validate {0} and gave no reason.");
    public static readonly MessageTemplate AcmeNoAnswerInTime = new("Cert.AcmeNoAnswerInTime", "The CA at {0} did not answer in time.");
    public static readonly MessageTemplate AcmeUnreachable = new("Cert.AcmeUnreachable", "Could not reach the CA at {0}: {1}");
    public static readonly MessageTemplate AcmeUntrustedCertificate = new("Cert.AcmeUntrustedCertificate",
        "Could not reach the CA at {0}: its TLS certificate is not trusted ({1})");

    // A name refused before anything is sent, one sentence for each reason.
    public static readonly MessageTemplate AcmeNameRefusedEmpty = new("Cert.AcmeNameRefusedEmpty", "'{0}' cannot be in a certificate from this CA: the name is empty.");
    public static readonly MessageTemplate AcmeNameRefusedIpAddress = new("Cert.AcmeNameRefusedIpAddress",
        "'{0}' cannot be in a certificate from this CA: it is an IP address, and certificates are issued here for host names only.");
    public static readonly MessageTemplate AcmeNameRefusedWildcard = new("Cert.AcmeNameRefusedWildcard",
        "'{0}' cannot be in a certificate from this CA: wildcard names need a DNS-01 challenge, and PortFwd answers HTTP-01 only.");
    public static readonly MessageTemplate AcmeNameRefusedTooLong = new("Cert.AcmeNameRefusedTooLong",
        "'{0}' cannot be in a certificate from this CA: it is longer than 253 characters.");
    public static readonly MessageTemplate AcmeNameRefusedNoDot = new("Cert.AcmeNameRefusedNoDot",
        "'{0}' cannot be in a certificate from this CA: it has no dot, so no CA can reach it by DNS.");
    public static readonly MessageTemplate AcmeNameRefusedLabelLength = new("Cert.AcmeNameRefusedLabelLength",
        "'{0}' cannot be in a certificate from this CA: each dot-separated part must have 1 to 63 characters.");
    public static readonly MessageTemplate AcmeNameRefusedCharacters = new("Cert.AcmeNameRefusedCharacters",
        "'{0}' cannot be in a certificate from this CA: only letters, digits and inner hyphens may be used (write an international name in its xn-- form).");

    public static readonly MessageTemplate AcmeNoHttpChallenge = new("Cert.AcmeNoHttpChallenge", "The CA offers no HTTP-01 challenge for {0}, the only kind PortFwd answers.");
    public static readonly MessageTemplate AcmeAccountBindingNeeded = new("Cert.AcmeAccountBindingNeeded",
        "The CA at {0} only accepts accounts bound to an account with it (external account binding), which PortFwd does not support.");
    /// <summary>{0} is the day and time, already written as "yyyy-MM-dd HH:mm" (what the database keeps is text).</summary>
    public static readonly MessageTemplate Renewed = new("Cert.Renewed", "Renewed; valid until {0} UTC.");

    /// <summary>{0} is the ACME failure (one of the Acme… messages, or the CA client's English); {1} the next try as "yyyy-MM-dd HH:mm".</summary>
    public static readonly MessageTemplate RenewalFailed = new("Cert.RenewalFailed", "{0} Next try {1} UTC.");

    public static readonly MessageTemplate AcmeOrderNotDone = new("Cert.AcmeOrderNotDone", "The order {0} was not done after {1} s.");
    public static readonly MessageTemplate AcmeValidationNotDone = new("Cert.AcmeValidationNotDone", "The CA's validation at {0} was not done after {1} s.");
    public static readonly MessageTemplate AcmeAccountStatus = new("Cert.AcmeAccountStatus", "The CA's account for this key is {0}.");
    public static readonly MessageTemplate AcmeChallengeNotPublished = new("Cert.AcmeChallengeNotPublished", "The answer to the CA's challenge for {0} could not be published: {1}");
    public static readonly MessageTemplate AcmeOrderGivenUp = new("Cert.AcmeOrderGivenUp", "The CA gave up on the order for {0}: {1}");
    public static readonly MessageTemplate AcmeOrderGivenUpNoReason = new("Cert.AcmeOrderGivenUpNoReason", "The CA gave up on the order for {0}: no reason given");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(CertificateMessages));

    /// <summary>
    /// An ACME failure as the panel says it: the CA client's code ("RateLimited") is "Cert.AcmeRateLimited" here, with
    /// its values (the CA's own words among them) and its English unchanged; a failure without a code, or whose values
    /// do not fit the template, is its English alone.
    /// </summary>
    public static ValidationMessage FromAcme(AcmeError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code is { Length: > 0 } code
            && All.FirstOrDefault(t => t.Code == "Cert.Acme" + code) is { } template
            && template.ArgumentCount == error.Arguments.Count
                ? new ValidationMessage(template.Code, error.Message, error.Arguments)
                : ValidationMessage.Plain(error.Message);
    }
}
