using Microsoft.EntityFrameworkCore;
using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;
using PortFwd.Data.Audit;
using PortFwd.Data.Certificates;
using PortFwd.Data.Storage;

namespace PortFwd.Data.Rules;

/// <summary>
/// Stores rules. Every write validates first and checks conflicts inside the same serialized step, so
/// bad input never reaches the database and two racing saves cannot both take one port. Every change is recorded in
/// the audit log in its own transaction; a refused one records nothing. A write holds the certificates' gate too (before its
/// own, the order a restore takes them in): it checks an uploaded certificate and drops a self-signed one, so a certificate
/// deleted or stored meanwhile comes wholly before or after it.
/// </summary>
public sealed class RuleStore(
    IDbContextFactory<PortFwdDbContext> factory,
    CertificateStore certificates,
    IRuleChangeSignal signal,
    TimeProvider time) : IRuleSource
{
    /// <summary>Serializes every write of rules with its checks; a restore holds it too.</summary>
    public WriteGate Writes { get; } = new();

    private readonly AuditTrail _audit = new(time);

    public async Task<IReadOnlyList<ForwardingRule>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Rules.AsNoTracking().OrderBy(r => r.ExternalPort).ThenBy(r => r.Id).ToListAsync(cancellationToken);
    }

    public async Task<ForwardingRule?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Rules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    public Task<RuleSaveResult> CreateAsync(RuleDraft draft, RuleValidationContext context, CancellationToken cancellationToken) =>
        SaveAsync(null, draft, context, AuditActions.RuleCreate, cancellationToken);

    /// <summary>Creates a rule from a router mapping ("Adopt as rule"), recorded as <see cref="AuditActions.RouterAdopt"/>.</summary>
    public Task<RuleSaveResult> AdoptAsync(RuleDraft draft, RuleValidationContext context, CancellationToken cancellationToken) =>
        SaveAsync(null, draft, context, AuditActions.RouterAdopt, cancellationToken);

    public Task<RuleSaveResult> UpdateAsync(int id, RuleDraft draft, RuleValidationContext context, CancellationToken cancellationToken) =>
        SaveAsync(id, draft, context, AuditActions.RuleUpdate, cancellationToken);

    /// <summary>
    /// Checks new rules as <see cref="CreateAsync"/> would save them, all together: each one validated, none clashing with an
    /// enabled saved rule nor with an earlier one of the batch. Stores nothing.
    /// </summary>
    public async Task<RuleBatchResult> CheckAllAsync(IReadOnlyList<RuleBatchItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var candidates = await ValidateAllAsync(db, items, cancellationToken);
        return await CheckConflictsAsync(db, candidates, cancellationToken);
    }

    /// <summary>
    /// Stores new rules all or none, in one transaction: checked as <see cref="CheckAllAsync"/> checks them, inside the same
    /// serialized step as every other write, so a rule saved meanwhile is seen. Each stored rule is then signalled as created.
    /// </summary>
    public Task<RuleBatchResult> CreateAllAsync(IReadOnlyList<RuleBatchItem> items, CancellationToken cancellationToken) =>
        CreateAllAsync(items, "rules", cancellationToken);

    /// <summary>As <see cref="CreateAllAsync(IReadOnlyList{RuleBatchItem}, CancellationToken)"/>, recorded as an import from <paramref name="source"/> (rinetd, frpc…).</summary>
    public async Task<RuleBatchResult> CreateAllAsync(IReadOnlyList<RuleBatchItem> items, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        RuleBatchResult result;
        using (await EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            result = await CheckConflictsAsync(db, await ValidateAllAsync(db, items, cancellationToken), cancellationToken);
            if (!result.IsSuccess)
            {
                return result;
            }

            var now = time.GetUtcNow();
            foreach (var rule in result.Rules)
            {
                rule.CreatedAt = now;
                rule.UpdatedAt = now;
            }

            db.Rules.AddRange(result.Rules);
            var rules = result.Rules;
            await AuditTrail.SaveAsync(db, () => _audit.Entry(AuditActions.Import, $"{rules.Count} rules from {source}",
                after: rules.Select(r => new { id = r.Id, rule = AuditJson.Of(r) })), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var rule in result.Rules)
        {
            signal.Notify(new RuleChange(RuleChangeKind.Created, rule.Id));
        }

        return result;
    }

    /// <summary>Each draft's normalized rule, or its field errors.</summary>
    private async Task<List<RuleValidationResult>> ValidateAllAsync(PortFwdDbContext db, IReadOnlyList<RuleBatchItem> items, CancellationToken ct)
    {
        var results = new List<RuleValidationResult>(items.Count);
        foreach (var item in items)
        {
            results.Add(RuleValidator.Validate(item.Draft, await WithCertificatesAsync(db, item.Draft, item.Context, ct)));
        }

        return results;
    }

    private static async Task<RuleBatchResult> CheckConflictsAsync(PortFwdDbContext db, List<RuleValidationResult> candidates, CancellationToken ct)
    {
        var taken = await db.Rules.AsNoTracking().Where(r => r.Enabled).ToListAsync(ct);
        var rules = new List<ForwardingRule>(candidates.Count);
        var errors = new List<RuleBatchError>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            if (!candidate.IsSuccess)
            {
                errors.Add(new RuleBatchError(i, RuleSaveError.Invalid(candidate.Error)));
                continue;
            }

            var rule = candidate.Value;
            if (RuleConflicts.Find(rule, taken) is { } conflict)
            {
                errors.Add(new RuleBatchError(i, RuleSaveError.Conflicting(conflict)));
                continue;
            }

            taken.Add(rule);
            rules.Add(rule);
        }

        return new RuleBatchResult(rules, errors);
    }

    /// <summary>
    /// Turns a rule on or off, the inline switch of the rules table. Turning on checks conflicts again. The rule is read
    /// inside the gates, so an edit saved meanwhile is kept, not undone by the switch.
    /// </summary>
    public Task<RuleSaveResult> SetEnabledAsync(int id, bool enabled, RuleValidationContext context, CancellationToken cancellationToken) =>
        SaveAsync(id, current => current is null ? null : Switched(current.ToDraft(), enabled), context, AuditActions.RuleToggle, cancellationToken);

    private static RuleDraft Switched(RuleDraft draft, bool enabled)
    {
        draft.Enabled = enabled;
        return draft;
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        // The rule's self-signed certificate goes with it (cascade): a certificate write too.
        using (await EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rule = await db.Rules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (rule is null || await db.Rules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
            {
                return false;
            }

            db.AuditEntries.Add(_audit.Entry(AuditActions.RuleDelete, AuditJson.Target(rule), before: AuditJson.Of(rule)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        signal.Notify(new RuleChange(RuleChangeKind.Deleted, id));
        return true;
    }

    /// <summary>
    /// An enabled uploaded-certificate rule is checked against the stored certificates as they are now. A rule being
    /// turned off is not: switching off a rule whose certificate expired must stay possible.
    /// </summary>
    private async Task<RuleValidationContext> WithCertificatesAsync(PortFwdDbContext db, RuleDraft draft, RuleValidationContext context, CancellationToken ct)
    {
        if (!draft.Enabled || !TlsModeNames.TryParse(draft.Tls, out var mode) || mode != TlsMode.Uploaded)
        {
            return context;
        }

        var stored = await db.Certificates.AsNoTracking().ToListAsync(ct);
        return context with { Certificates = stored.ToDictionary(c => c.Id, c => c.ToFacts()), Now = time.GetUtcNow() };
    }

    /// <summary>Takes the certificates' gate, then this store's: the order a restore takes them in.</summary>
    private Task<IDisposable> EnterAsync(CancellationToken ct) => WriteGate.EnterAllAsync([certificates.Writes, Writes], ct);

    private Task<RuleSaveResult> SaveAsync(int? id, RuleDraft draft, RuleValidationContext context, string action, CancellationToken cancellationToken) =>
        SaveAsync(id, _ => draft, context, action, cancellationToken);

    /// <summary>
    /// Saves the draft <paramref name="draftOf"/> builds from the rule as stored now, read inside the gates (none for a new rule);
    /// a draft of null means the rule is not there.
    /// </summary>
    private async Task<RuleSaveResult> SaveAsync(
        int? id, Func<ForwardingRule?, RuleDraft?> draftOf, RuleValidationContext context, string action, CancellationToken cancellationToken)
    {
        ForwardingRule saved;
        using (await EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var existing = id is { } ruleId ? await db.Rules.FirstOrDefaultAsync(r => r.Id == ruleId, cancellationToken) : null;
            if (draftOf(existing) is not { } draft)
            {
                return RuleSaveError.NotFound;
            }

            // Checked inside the gates: the uploaded certificate it names cannot be deleted before it is saved.
            var validation = RuleValidator.Validate(draft, await WithCertificatesAsync(db, draft, context, cancellationToken));
            if (!validation.IsSuccess)
            {
                return RuleSaveError.Invalid(validation.Error);
            }

            var candidate = validation.Value;
            if (id is not null)
            {
                if (existing is null)
                {
                    return RuleSaveError.NotFound;
                }

                candidate.Id = existing.Id;
            }

            // Checked here, against the rule as saved now: an edit that keeps the risks the rule already had asks nothing new.
            if (RouterRisks.Unconfirmed(candidate, existing, draft.ConfirmRisk, context) is { Count: > 0 } risks)
            {
                return RuleSaveError.Invalid(RuleFields.ConfirmRisk, [.. risks.Select(r => r.Said)]);
            }

            var others = await db.Rules.AsNoTracking().Where(r => r.Enabled && r.Id != candidate.Id).ToListAsync(cancellationToken);
            if (RuleConflicts.Find(candidate, others) is { } conflict)
            {
                return RuleSaveError.Conflicting(conflict);
            }

            var now = time.GetUtcNow();
            var before = existing is null ? null : AuditJson.Of(existing);
            if (existing is null)
            {
                candidate.CreatedAt = now;
                candidate.UpdatedAt = now;
                db.Rules.Add(candidate);
                saved = candidate;
            }
            else
            {
                existing.CopyEditableFrom(candidate);
                existing.UpdatedAt = now;
                saved = existing;
            }

            var rule = saved;
            await AuditTrail.SaveAsync(db, () => _audit.Entry(action, AuditJson.Target(rule), before, AuditJson.Of(rule)), cancellationToken);
            if (existing is not null && saved.Tls != TlsMode.SelfSigned)
            {
                // A self-signed certificate belongs to its rule: one the rule no longer serves goes (a new one is made if it comes back).
                await db.Certificates.Where(c => c.RuleId == saved.Id && c.Source == CertificateSource.SelfSigned).ExecuteDeleteAsync(cancellationToken);
            }
        }

        signal.Notify(new RuleChange(id is null ? RuleChangeKind.Created : RuleChangeKind.Updated, saved.Id));
        return RuleSaveResult.Ok(saved);
    }
}
