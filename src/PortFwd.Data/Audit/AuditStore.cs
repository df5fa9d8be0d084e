using Microsoft.EntityFrameworkCore;

namespace PortFwd.Data.Audit;

/// <summary>What to read from the audit log: a time range (from inclusive, to exclusive), an action prefix, an actor, how many.</summary>
/// <param name="Action">An action or its first part: <c>rule</c> finds <c>rule.create</c> and <c>rule.delete</c>, not <c>rules…</c>.</param>
/// <param name="Actor">A user name, exactly (any case).</param>
/// <param name="Before">Only entries after this one in the log's order (time, then id, newest first): the next page after the last entry shown.</param>
public sealed record AuditQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Action = null,
    string? Actor = null,
    int Limit = AuditQuery.DefaultLimit,
    long? Before = null)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}

/// <summary>
/// Reads the audit log, newest first, with every filter run by SQLite; writes the entries that go with no database change
/// (sign-ins, a mapping deleted from the router); and prunes what is past its retention.
/// </summary>
public sealed class AuditStore(IDbContextFactory<PortFwdDbContext> factory)
{
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking();
        if (query.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        if (!string.IsNullOrEmpty(query.Action))
        {
            var prefix = query.Action + ".";
            entries = entries.Where(e => e.Action == query.Action || e.Action.StartsWith(prefix));
        }

        if (!string.IsNullOrEmpty(query.Actor))
        {
            entries = entries.Where(e => e.Actor == query.Actor);
        }

        if (query.Before is { } before)
        {
            // Ordered by time, not id (a change waits for its save): the page goes on from the entry's place in that order.
            var last = db.AuditEntries.Where(c => c.Id == before);
            entries = entries.Where(e => last.Any(c => e.At < c.At || (e.At == c.At && e.Id < c.Id)));
        }

        return await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit)).ToListAsync(cancellationToken);
    }

    /// <summary>Every user name that appears in the log, for the Log page's "who" filter.</summary>
    public async Task<IReadOnlyList<string>> ActorsAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking().Select(e => e.Actor).Distinct().OrderBy(a => a).Take(AuditQuery.MaxLimit).ToListAsync(cancellationToken);
    }

    /// <summary>Writes an entry that records no database change of its own (a sign-in, a router mapping deleted).</summary>
    public async Task AddAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Deletes the entries older than <paramref name="before"/>; answers how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.Where(e => e.At < before).ExecuteDeleteAsync(cancellationToken);
    }
}
