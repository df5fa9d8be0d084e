using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using PortFwd.Core.Blocklist;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Audit;
using PortFwd.Data.Storage;

namespace PortFwd.Data.Blocklist;

/// <summary>How adding a blocklist entry ended.</summary>
public enum BlocklistAddOutcome
{
    Added,
    Invalid,

    /// <summary>The same address or network is already on the list.</summary>
    Duplicate,
}

/// <summary>The outcome of adding a blocklist entry: the saved entry, or the field errors that refused it.</summary>
public sealed record BlocklistAddResult(BlocklistAddOutcome Outcome, BlocklistEntry? Entry = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>The same as <see cref="Errors"/>, with codes and values, for the panel's languages.</summary>
    public IReadOnlyDictionary<string, ValidationMessage[]>? Messages { get; init; }

    [MemberNotNullWhen(true, nameof(Entry))]
    public bool IsSuccess => Outcome == BlocklistAddOutcome.Added && Entry is not null;

    public IReadOnlyDictionary<string, string[]> FieldErrors => Errors ?? new Dictionary<string, string[]>();
}

/// <summary>
/// Stores the global blocklist. Every add is validated first; the same network twice is refused as a duplicate. Every
/// change, expiries too (by the system), is recorded in the audit log in its own transaction.
/// </summary>
public sealed class BlocklistStore(IDbContextFactory<PortFwdDbContext> factory, TimeProvider time)
{
    /// <summary>Serializes every write of the blocklist with its checks; a restore holds it too.</summary>
    public WriteGate Writes { get; } = new();

    private readonly AuditTrail _audit = new(time);

    /// <summary>Every entry, expired or not, oldest first.</summary>
    public async Task<IReadOnlyList<BlocklistEntry>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Blocklist.AsNoTracking().OrderBy(e => e.Id).ToListAsync(cancellationToken);
    }

    public async Task<BlocklistAddResult> AddAsync(BlocklistDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var validation = BlocklistEntryValidator.Validate(draft, time.GetUtcNow());
        if (!validation.IsValid || validation.Entry is not { } entry)
        {
            return new BlocklistAddResult(BlocklistAddOutcome.Invalid, Errors: validation.Errors) { Messages = validation.Messages };
        }

        using (await Writes.EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            if (await db.Blocklist.AnyAsync(e => e.Network == entry.Network, cancellationToken))
            {
                return Duplicate(entry.Network);
            }

            if (await db.Blocklist.CountAsync(cancellationToken) >= BlocklistLimits.MaxEntries)
            {
                return Refused(BlocklistAddOutcome.Invalid, BlocklistMessages.Full.With(BlocklistLimits.MaxEntries));
            }

            db.Blocklist.Add(entry);
            await AuditTrail.SaveAsync(db, () => _audit.Entry(AuditActions.BlocklistAdd, AuditJson.Target(entry), after: AuditJson.Of(entry)), cancellationToken);
            return new BlocklistAddResult(BlocklistAddOutcome.Added, entry);
        }
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        using (await Writes.EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var entry = await db.Blocklist.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
            if (entry is null)
            {
                return false;
            }

            db.Blocklist.Remove(entry);
            db.AuditEntries.Add(_audit.Entry(AuditActions.BlocklistRemove, AuditJson.Target(entry), before: AuditJson.Of(entry)));
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>Deletes the entries expired at <paramref name="now"/>; returns them.</summary>
    public async Task<IReadOnlyList<BlocklistEntry>> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using (await Writes.EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            // SQLite cannot compare DateTimeOffset values in SQL; the list is short enough to look at here.
            var expired = (await db.Blocklist.AsNoTracking().Where(e => e.ExpiresAt != null).ToListAsync(cancellationToken)).Where(e => e.HasExpired(now)).ToList();
            if (expired.Count > 0)
            {
                // Tracked deletes: the rows and their entries are one save. The panel removes them, whoever's request woke it.
                db.Blocklist.RemoveRange(expired);
                db.AuditEntries.AddRange(expired.Select(e =>
                    _audit.Entry(AuditActions.BlocklistExpire, AuditJson.Target(e), before: AuditJson.Of(e), by: AuditActor.System)));
                await db.SaveChangesAsync(cancellationToken);
            }

            return expired;
        }
    }

    private static BlocklistAddResult Duplicate(string network) => Refused(BlocklistAddOutcome.Duplicate, BlocklistMessages.Duplicate.With(network));

    /// <summary>An address the list cannot take, said on the address field.</summary>
    private static BlocklistAddResult Refused(BlocklistAddOutcome outcome, ValidationMessage why)
    {
        var messages = new Dictionary<string, ValidationMessage[]>(StringComparer.Ordinal) { [BlocklistFields.Address] = [why] };
        return new(outcome, Errors: BlocklistMessages.English(messages)) { Messages = messages };
    }
}
