using Microsoft.EntityFrameworkCore;

namespace PortFwd.Data.Audit;

/// <summary>
/// Who is acting now, and the audit entries their changes make. The actor belongs to the current async flow (a
/// request, a circuit event), as <c>IHttpContextAccessor</c>'s context does: the web part sets it with
/// <see cref="Use"/> and every store writing a change on that flow records it; with none set the actor is
/// <see cref="AuditActor.System"/>. The stores add the entry to the same transaction as the change (<see cref="SaveAsync"/>).
/// </summary>
public sealed class AuditTrail(TimeProvider time)
{
    // Static like IHttpContextAccessor's: every instance (a store built in a test without one) sees the same actor.
    private static readonly AsyncLocal<AuditActor?> Current = new();

    /// <summary>Who the changes of the current flow are by.</summary>
    public static AuditActor Actor => Current.Value ?? AuditActor.System;

    /// <summary>Makes <paramref name="actor"/> the actor of this flow (and what it awaits) until disposed.</summary>
    public static IDisposable Use(AuditActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var previous = Current.Value;
        Current.Value = actor;
        return new Restore(previous);
    }

    /// <summary>An entry by the current actor (or <paramref name="by"/>), at the current time; before/after are written as JSON.</summary>
    public AuditEntry Entry(string action, string target, object? before = null, object? after = null, AuditActor? by = null)
    {
        var actor = by ?? Actor;
        return new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = Clip(actor.Name, AuditEntry.MaxActorLength),
            Via = actor.Via,
            Token = actor.Token is null ? null : Clip(actor.Token, AuditEntry.MaxTokenLength),
            ClientAddress = actor.Address is null ? null : Clip(actor.Address, AuditEntry.MaxAddressLength),
            Action = action,
            Target = Clip(target, AuditEntry.MaxTargetLength),
            Before = AuditJson.Write(before),
            After = AuditJson.Write(after),
        };
    }

    /// <summary>
    /// Saves the change tracked in <paramref name="db"/>, then its entry, in one transaction (the caller's, or one of its
    /// own): the entry is made after the first save, so new rows' ids are known. If either save fails, neither is kept.
    /// </summary>
    public static async Task SaveAsync(PortFwdDbContext db, Func<AuditEntry> entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.SaveChangesAsync(cancellationToken);
        db.AuditEntries.Add(entry());
        await db.SaveChangesAsync(cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed class Restore(AuditActor? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
