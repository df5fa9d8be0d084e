using Microsoft.EntityFrameworkCore;
using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Audit;
using PortFwd.Data.Storage;

namespace PortFwd.Data.Certificates;

/// <summary>How deleting a certificate ended.</summary>
public enum CertificateDeleteOutcome
{
    Deleted,
    NotFound,

    /// <summary>A rule serves it; the rule must change first.</summary>
    InUse,
}

/// <summary>The outcome of deleting a certificate, with the rules that still serve it.</summary>
public sealed record CertificateDeleteResult(CertificateDeleteOutcome Outcome, IReadOnlyList<ForwardingRule> UsedBy)
{
    public static CertificateDeleteResult Deleted { get; } = new(CertificateDeleteOutcome.Deleted, []);

    public static CertificateDeleteResult NotFound { get; } = new(CertificateDeleteOutcome.NotFound, []);
}

/// <summary>
/// Stores certificates. The private key arrives already encrypted (the panel's Data Protection keys encrypt it
/// before it gets here), so nothing here ever holds a key in clear. Storing a certificate from ACME replaces the
/// one for the same names, and a self-signed one the one of the same rule: renewals keep the id, so an uploaded
/// rule's link and the lists stay put. Every store and delete is recorded in the audit log in its own transaction (the
/// key as "••••").
/// </summary>
public sealed class CertificateStore(IDbContextFactory<PortFwdDbContext> factory, TimeProvider time)
{
    /// <summary>Serializes every write of certificates with its checks; a restore holds it too.</summary>
    public WriteGate Writes { get; } = new();

    private readonly AuditTrail _audit = new(time);

    public async Task<IReadOnlyList<StoredCertificate>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Certificates.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
    }

    public async Task<StoredCertificate?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    /// <summary>Names and validity of every certificate, for rule validation.</summary>
    public async Task<IReadOnlyDictionary<int, CertificateFacts>> FactsAsync(CancellationToken cancellationToken) =>
        (await GetAllAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.ToFacts());

    /// <summary>
    /// Saves an uploaded certificate (a new row) or one from ACME (the row of the same names is replaced, renewed, when
    /// there is one). A rule's self-signed certificate goes through <see cref="SaveSelfSignedAsync"/>.
    /// </summary>
    public async Task<StoredCertificate> SaveAsync(StoredCertificate certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Source == CertificateSource.SelfSigned)
        {
            throw new ArgumentException("A self-signed certificate belongs to a rule: save it with SaveSelfSignedAsync.", nameof(certificate));
        }

        using (await Writes.EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            return await SaveAsync(db, certificate, cancellationToken);
        }
    }

    /// <summary>
    /// Saves a rule's self-signed certificate, replacing (renewing) the rule's previous one. Null, and nothing stored,
    /// when the rule was deleted or stopped using a self-signed certificate after the caller read it: the certificate
    /// was made from a rule that no longer wants it. Rule writes take this store's gate first, so the rule read here
    /// stays as it is until the certificate is stored.
    /// </summary>
    public async Task<StoredCertificate?> SaveSelfSignedAsync(StoredCertificate certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate is not { Source: CertificateSource.SelfSigned, RuleId: { } ruleId })
        {
            throw new ArgumentException("Only a self-signed certificate of a rule is saved here.", nameof(certificate));
        }

        using (await Writes.EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            if (!await db.Rules.AnyAsync(r => r.Id == ruleId && r.Tls == TlsMode.SelfSigned, cancellationToken))
            {
                return null;
            }

            return await SaveAsync(db, certificate, cancellationToken);
        }
    }

    private async Task<StoredCertificate> SaveAsync(PortFwdDbContext db, StoredCertificate certificate, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var previous = await PreviousAsync(db, certificate, cancellationToken);
        if (previous is null)
        {
            certificate.Id = 0;
            certificate.CreatedAt = now;
            db.Certificates.Add(certificate);
            await AuditTrail.SaveAsync(db, () => _audit.Entry(ActionFor(certificate.Source, renewal: false),
                AuditJson.Target(certificate), after: AuditJson.Of(certificate)), cancellationToken);
            return certificate;
        }

        var before = AuditJson.Of(previous);

        previous.Names = [.. certificate.Names];
        previous.ChainPem = certificate.ChainPem;
        previous.ProtectedKey = certificate.ProtectedKey;
        previous.Subject = certificate.Subject;
        previous.Issuer = certificate.Issuer;
        previous.Thumbprint = certificate.Thumbprint;
        previous.NotBefore = certificate.NotBefore;
        previous.NotAfter = certificate.NotAfter;
        previous.RenewedAt = now;
        await AuditTrail.SaveAsync(db, () => _audit.Entry(ActionFor(previous.Source, renewal: true),
            AuditJson.Target(previous), before, AuditJson.Of(previous)), cancellationToken);
        return previous;
    }

    /// <summary>Notes a renewal attempt (the ACME part calls this after each try, successful or not).</summary>
    public async Task<bool> RecordRenewalAsync(int id, RenewalResult result, ValidationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        return await db.Certificates.Where(c => c.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.LastRenewalAt, now)
            .SetProperty(c => c.LastRenewalResult, result)
            .SetProperty(c => c.LastRenewalMessage, message.Text)
            .SetProperty(c => c.LastRenewalCode, message.Code.Length == 0 ? null : message.Code)
            .SetProperty(c => c.LastRenewalArguments, StoredMessage.Arguments(message)), cancellationToken) > 0;
    }

    /// <summary>Deletes a certificate no rule serves.</summary>
    public async Task<CertificateDeleteResult> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        using (await Writes.EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var all = await db.Certificates.AsNoTracking().ToListAsync(cancellationToken);
            if (all.FirstOrDefault(c => c.Id == id) is not { } certificate)
            {
                return CertificateDeleteResult.NotFound;
            }

            var rules = await db.Rules.AsNoTracking().Where(r => r.Tls != TlsMode.Off).ToListAsync(cancellationToken);
            var users = CertificateChoice.RulesUsing(certificate, all, rules);
            if (users.Count > 0)
            {
                return new CertificateDeleteResult(CertificateDeleteOutcome.InUse, [.. rules.Where(r => users.Contains(r.Id))]);
            }

            db.Certificates.Remove(certificate);
            db.AuditEntries.Add(_audit.Entry(AuditActions.CertificateDelete, AuditJson.Target(certificate), before: AuditJson.Of(certificate)));
            await db.SaveChangesAsync(cancellationToken);
            return CertificateDeleteResult.Deleted;
        }
    }

    private static string ActionFor(CertificateSource source, bool renewal) => source switch
    {
        CertificateSource.Uploaded => AuditActions.CertificateUpload,
        CertificateSource.Acme => renewal ? AuditActions.CertificateRenew : AuditActions.CertificateIssue,
        _ => AuditActions.CertificateSelfSign,
    };

    private static async Task<StoredCertificate?> PreviousAsync(PortFwdDbContext db, StoredCertificate incoming, CancellationToken ct)
    {
        switch (incoming.Source)
        {
            case CertificateSource.SelfSigned when incoming.RuleId is { } ruleId:
                return await db.Certificates.FirstOrDefaultAsync(c => c.Source == CertificateSource.SelfSigned && c.RuleId == ruleId, ct);
            case CertificateSource.Acme:
                var names = incoming.Names.Order(StringComparer.Ordinal).ToList();
                var acme = await db.Certificates.Where(c => c.Source == CertificateSource.Acme).ToListAsync(ct);
                return acme.FirstOrDefault(c => c.Names.Order(StringComparer.Ordinal).SequenceEqual(names));
            default:
                return null;
        }
    }
}
