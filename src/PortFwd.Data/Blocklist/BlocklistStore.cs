using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using PortFwd.Core.Blocklist;

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
    [MemberNotNullWhen(true, nameof(Entry))]
    public bool IsSuccess => Outcome == BlocklistAddOutcome.Added && Entry is not null;

    public IReadOnlyDictionary<string, string[]> FieldErrors => Errors ?? new Dictionary<string, string[]>();
}

/// <summary>Stores the global blocklist. Every add is validated first; the same network twice is refused as a duplicate.</summary>
public sealed class BlocklistStore(IDbContextFactory<PortFwdDbContext> factory, TimeProvider time)
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);

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
            return new BlocklistAddResult(BlocklistAddOutcome.Invalid, Errors: validation.Errors);
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            if (await db.Blocklist.AnyAsync(e => e.Network == entry.Network, cancellationToken))
            {
                return Duplicate(entry.Network);
            }

            if (await db.Blocklist.CountAsync(cancellationToken) >= BlocklistLimits.MaxEntries)
            {
                return new BlocklistAddResult(BlocklistAddOutcome.Invalid, Errors: new Dictionary<string, string[]>
                {
                    [BlocklistFields.Address] = [$"The blocklist holds at most {BlocklistLimits.MaxEntries} entries; delete some, or block a wider network."],
                });
            }

            db.Blocklist.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            return new BlocklistAddResult(BlocklistAddOutcome.Added, entry);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Blocklist.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>Deletes the entries expired at <paramref name="now"/>; returns them.</summary>
    public async Task<IReadOnlyList<BlocklistEntry>> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // SQLite cannot compare DateTimeOffset values in SQL; the list is short enough to look at here.
        var expired = (await db.Blocklist.AsNoTracking().Where(e => e.ExpiresAt != null).ToListAsync(cancellationToken)).Where(e => e.HasExpired(now)).ToList();
        if (expired.Count > 0)
        {
            var ids = expired.Select(e => e.Id).ToList();
            await db.Blocklist.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        return expired;
    }

    private static BlocklistAddResult Duplicate(string network) => new(BlocklistAddOutcome.Duplicate, Errors: new Dictionary<string, string[]>
    {
        [BlocklistFields.Address] = [$"{network} is already on the blocklist."],
    });
}
