using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using PortFwd.Core.DynamicDns;
using PortFwd.Data.Audit;
using PortFwd.Data.Storage;

namespace PortFwd.Data.DynamicDns;

/// <summary>How saving a Dynamic DNS name ended.</summary>
public enum DdnsSaveOutcome
{
    Saved,
    Invalid,
    NotFound,
}

/// <summary>The outcome of storing a Dynamic DNS name: the saved name, field errors, or not found.</summary>
public sealed record DdnsSaveResult(DdnsSaveOutcome Outcome, DdnsName? Name = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    [MemberNotNullWhen(true, nameof(Name))]
    public bool IsSuccess => Outcome == DdnsSaveOutcome.Saved && Name is not null;

    public static DdnsSaveResult NotFound { get; } = new(DdnsSaveOutcome.NotFound);

    public IReadOnlyDictionary<string, string[]> FieldErrors => Errors ?? new Dictionary<string, string[]>();
}

/// <summary>
/// Stores Dynamic DNS names and their update history. Every write validates first; secrets are encrypted by
/// <see cref="IDdnsSecrets"/> before they reach the database, and a change without a secret keeps the stored one
/// (<see cref="DdnsValidator"/> decides when that is allowed). Only the last <see cref="HistoryLength"/> updates of a name are kept.
/// Every change is recorded in the audit log in its own transaction, its secrets masked.
/// </summary>
public sealed class DdnsStore(
    IDbContextFactory<PortFwdDbContext> factory,
    IDdnsSecrets secrets,
    IDdnsChangeSignal signal,
    TimeProvider time)
{
    public const int HistoryLength = 50;

    /// <summary>Serializes every write of Dynamic DNS names with its checks; a restore holds it too.</summary>
    public WriteGate Writes { get; } = new();

    private readonly AuditTrail _audit = new(time);

    public async Task<IReadOnlyList<DdnsName>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.DdnsNames.AsNoTracking().OrderBy(n => n.HostName).ThenBy(n => n.Id).ToListAsync(cancellationToken);
    }

    public async Task<DdnsName?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.DdnsNames.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
    }

    public Task<DdnsSaveResult> CreateAsync(DdnsDraft draft, CancellationToken cancellationToken) => SaveAsync(null, draft, cancellationToken);

    public Task<DdnsSaveResult> UpdateAsync(int id, DdnsDraft draft, CancellationToken cancellationToken) => SaveAsync(id, draft, cancellationToken);

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        using (await Writes.EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var name = await db.DdnsNames.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
            if (name is null || await db.DdnsNames.Where(n => n.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
            {
                return false;
            }

            db.AuditEntries.Add(_audit.Entry(AuditActions.DdnsDelete, AuditJson.Target(name), before: AuditJson.Of(name)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        signal.Notify(new DdnsChange(DdnsChangeKind.Deleted, id));
        return true;
    }

    /// <summary>Keeps one update in the name's history, dropping the oldest beyond <see cref="HistoryLength"/>.</summary>
    public async Task RecordAsync(DdnsUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.DdnsUpdates.Add(update);
        await db.SaveChangesAsync(cancellationToken);
        var keepFrom = await db.DdnsUpdates.Where(u => u.NameId == update.NameId).OrderByDescending(u => u.Id)
            .Skip(HistoryLength - 1).Select(u => (long?)u.Id).FirstOrDefaultAsync(cancellationToken);
        if (keepFrom is { } oldestKept)
        {
            await db.DdnsUpdates.Where(u => u.NameId == update.NameId && u.Id < oldestKept).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>A name's updates, newest first.</summary>
    public async Task<IReadOnlyList<DdnsUpdate>> HistoryAsync(int nameId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.DdnsUpdates.AsNoTracking().Where(u => u.NameId == nameId).OrderByDescending(u => u.Id).Take(HistoryLength).ToListAsync(cancellationToken);
    }

    /// <summary>Each name's newest update, by name id.</summary>
    public async Task<IReadOnlyDictionary<int, DdnsUpdate>> LastUpdatesAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var newest = db.DdnsUpdates.GroupBy(u => u.NameId).Select(g => g.Max(u => u.Id));
        var rows = await db.DdnsUpdates.AsNoTracking().Where(u => newest.Contains(u.Id)).ToListAsync(cancellationToken);
        return rows.ToDictionary(u => u.NameId);
    }

    /// <summary>Each name's newest update the provider accepted (good or nochg), by name id: the address it points to.</summary>
    public async Task<IReadOnlyDictionary<int, DdnsUpdate>> LastAcceptedAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var newest = db.DdnsUpdates.Where(u => u.Status == DdnsStatus.Good || u.Status == DdnsStatus.NoChange)
            .GroupBy(u => u.NameId).Select(g => g.Max(u => u.Id));
        var rows = await db.DdnsUpdates.AsNoTracking().Where(u => newest.Contains(u.Id)).ToListAsync(cancellationToken);
        return rows.ToDictionary(u => u.NameId);
    }

    private async Task<DdnsSaveResult> SaveAsync(int? id, DdnsDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        DdnsName saved;
        using (await Writes.EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            DdnsName? existing = null;
            if (id is { } nameId)
            {
                existing = await db.DdnsNames.FirstOrDefaultAsync(n => n.Id == nameId, cancellationToken);
                if (existing is null)
                {
                    return DdnsSaveResult.NotFound;
                }
            }

            var validation = DdnsValidator.Validate(draft, existing is null ? DdnsValidationContext.New : DdnsValidationContext.Changing(existing));
            if (!validation.IsValid)
            {
                return new DdnsSaveResult(DdnsSaveOutcome.Invalid, Errors: validation.Errors);
            }

            var candidate = validation.Name!;
            if (await db.DdnsNames.AnyAsync(n => n.HostName == candidate.HostName && n.Provider == candidate.Provider && n.Id != (id ?? 0), cancellationToken))
            {
                return new DdnsSaveResult(DdnsSaveOutcome.Invalid, Errors: new Dictionary<string, string[]>
                {
                    [DdnsFields.Hostname] = [$"{candidate.HostName} is already kept up to date with {candidate.Provider.ToDisplayName()}."],
                });
            }

            var now = time.GetUtcNow();
            var before = existing is null ? null : AuditJson.Of(existing);
            var previousSecrets = existing is null ? null : new DdnsName { ProtectedPassword = existing.ProtectedPassword, ProtectedToken = existing.ProtectedToken };
            saved = existing ?? candidate;
            if (existing is null)
            {
                candidate.CreatedAt = now;
                db.DdnsNames.Add(candidate);
            }
            else
            {
                existing.CopyEditableFrom(candidate);
            }

            saved.UpdatedAt = now;
            // The validator kept a stored secret only for the same provider and server; a secret the provider does not use goes.
            saved.ProtectedPassword = !saved.Provider.UsesPassword() ? null : validation.Password is { } password ? secrets.Protect(password) : saved.ProtectedPassword;
            saved.ProtectedToken = !saved.Provider.UsesToken() ? null : validation.Token is { } token ? secrets.Protect(token) : saved.ProtectedToken;
            var name = saved;
            await AuditTrail.SaveAsync(db, () => _audit.Entry(existing is null ? AuditActions.DdnsCreate : AuditActions.DdnsUpdate,
                AuditJson.Target(name), before, AuditJson.Of(name, previousSecrets)), cancellationToken);
        }

        signal.Notify(new DdnsChange(id is null ? DdnsChangeKind.Created : DdnsChangeKind.Updated, saved.Id));
        return new DdnsSaveResult(DdnsSaveOutcome.Saved, saved);
    }
}
