using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PortFwd.Data;
using PortFwd.Data.Accounts;
using PortFwd.Data.Audit;
using PortFwd.Data.Storage;
using PortFwd.Web.Audit;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Accounts.Sessions;

/// <summary>A signed-in browser as the Account page and <c>GET /api/sessions</c> show it; never its key.</summary>
/// <param name="Device">The User-Agent in words ("Firefox on Linux").</param>
/// <param name="Current">Whether this is the browser asking.</param>
public sealed record SessionInfo(int Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string? ClientAddress, string? UserAgent, string Device, bool Current);

/// <summary>
/// The browsers signed in to the panel, one <see cref="PanelSession"/> row each. A sign-in cookie names its session by a
/// random key (<see cref="ClaimType"/>); a cookie whose session is gone, past <see cref="PanelSessionOptions.Lifetime"/> or
/// idle for <see cref="PanelSessionOptions.Idle"/> is refused. Rows are read at most once per <see cref="CacheFor"/> and
/// written at most once per <see cref="SeenEvery"/>, so a request costs no database access; a session ended in this
/// process is forgotten at once and <see cref="Ended"/> tells the open pages of that browser.
/// </summary>
public sealed class PanelSessions(IDbContextFactory<PortFwdDbContext> factory, IOptionsMonitor<PanelSessionOptions> options, TimeProvider time, AuditTrail audit)
{
    public const string ClaimType = "portfwd:session";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan SeenEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Known> _cache = new(StringComparer.Ordinal);

    /// <summary>The key hashes of sessions just ended: pages open in those browsers sign out at once.</summary>
    public event Action<IReadOnlySet<string>>? Ended;

    /// <summary>
    /// Lets one request end sessions at a time, from its read of them to its save: two ending the same browser at once (a
    /// sign-out in two tabs, "Sign out" racing "Sign out everywhere" or the check that finds it idle) end it once, and the
    /// audit log records it once, by the one that ended it; the other finds it gone and says so.
    /// </summary>
    public WriteGate Ending { get; } = new();

    /// <summary>Notified when a session begins or ends, for the Account page's list.</summary>
    public ChangeFeed Updates { get; } = new();

    /// <summary>The hash of the session key a principal carries; null for none (a bearer token).</summary>
    public static string? KeyHashOf(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(ClaimType) is { Length: > 0 } key ? Hash(key) : null;

    /// <summary>A new session of the account: the key for the cookie and when the sign-in ends at the latest.</summary>
    public async Task<(string Key, DateTimeOffset Expires)> BeginAsync(int accountId, IPAddress? address, string? userAgent, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            db.Sessions.Add(new PanelSession
            {
                AccountId = accountId,
                KeyHash = Hash(key),
                CreatedAt = now,
                LastSeenAt = now,
                ClientAddress = Clip(AuditActors.Text(address), PanelSession.MaxAddressLength),
                UserAgent = Clip(userAgent, PanelSession.MaxUserAgentLength),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        Updates.Notify();
        return (key, now + options.CurrentValue.Lifetime);
    }

    /// <summary>
    /// Whether the principal's session still stands (exists, is the principal's account's, within its lifetime and not
    /// idle); a request or an open page checking counts as activity. A session found past its limits is deleted.
    /// </summary>
    public async Task<bool> IsActiveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (KeyHashOf(principal) is not { } hash || AccountClaims.AccountId(principal) is not { } accountId)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(hash, out var known) || now - known.ReadAt > CacheFor)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var row = await db.Sessions.AsNoTracking().Where(s => s.KeyHash == hash)
                .Select(s => new { s.Id, s.AccountId, s.CreatedAt, s.LastSeenAt }).FirstOrDefaultAsync(cancellationToken);
            known = row is null ? Known.Gone(now) : new Known(row.Id, row.AccountId, row.CreatedAt, row.LastSeenAt, now);
            _cache[hash] = known;
        }

        if (known.Id == 0 || known.AccountId != accountId)
        {
            return false;
        }

        if (IsOver(known.CreatedAt, known.LastSeenAt, now))
        {
            await DeleteAsync(s => s.KeyHash == hash, record: false, cancellationToken);
            return false;
        }

        if (now - known.LastSeenAt >= SeenEvery)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var seen = await db.Sessions.Where(s => s.KeyHash == hash).ExecuteUpdateAsync(set => set.SetProperty(s => s.LastSeenAt, now), cancellationToken);
            _cache[hash] = seen == 1 ? known with { LastSeenAt = now } : Known.Gone(now);
            return seen == 1;
        }

        return true;
    }

    /// <summary>The account's sessions, the most recently seen first; <paramref name="current"/> marks the asking browser's.</summary>
    public async Task<IReadOnlyList<SessionInfo>> ListAsync(int accountId, ClaimsPrincipal? current, CancellationToken cancellationToken)
    {
        var currentHash = KeyHashOf(current);
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Sessions.AsNoTracking().Where(s => s.AccountId == accountId).OrderByDescending(s => s.LastSeenAt).ThenByDescending(s => s.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Where(s => !IsOver(s.CreatedAt, s.LastSeenAt, now)).Select(s => new SessionInfo(s.Id, s.CreatedAt, s.LastSeenAt, s.ClientAddress, s.UserAgent,
            UserAgentText.Describe(s.UserAgent), string.Equals(s.KeyHash, currentHash, StringComparison.Ordinal)))];
    }

    /// <summary>Signs one of the account's browsers out (recorded in the audit log); false when there is no such session.</summary>
    public async Task<bool> EndAsync(int accountId, int sessionId, CancellationToken cancellationToken) =>
        await DeleteAsync(s => s.AccountId == accountId && s.Id == sessionId, record: true, cancellationToken) == 1;

    /// <summary>Signs out every browser of the account but <paramref name="keep"/>'s (every one when null), recorded in the audit log; how many.</summary>
    public Task<int> EndOthersAsync(int accountId, ClaimsPrincipal? keep, CancellationToken cancellationToken) =>
        EndAllButAsync(accountId, KeyHashOf(keep), record: true, cancellationToken);

    /// <summary>After a password change or reset: every session of the account ends (the audit log has the password change).</summary>
    public Task<int> EndAllAsync(int accountId, CancellationToken cancellationToken) =>
        EndAllButAsync(accountId, keepHash: null, record: false, cancellationToken);

    /// <summary>
    /// This browser's own sign-out. Its open pages are not told: the sign-out's own redirect takes this tab to the sign-in
    /// page (a push would race it), and other tabs of the browser follow at their next check, within a minute.
    /// </summary>
    public async Task SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (KeyHashOf(principal) is { } hash)
        {
            await DeleteAsync(s => s.KeyHash == hash, record: false, cancellationToken, tellPages: false);
        }
    }

    /// <summary>Deletes the sessions past their lifetime or idle limit (read now: the Settings page can change them); how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var limits = options.CurrentValue;
        var startedBefore = now - limits.Lifetime;
        var seenBefore = limits.Idle is { } idle ? now - idle : DateTimeOffset.MinValue;
        foreach (var (hash, known) in _cache)
        {
            if (now - known.ReadAt > CacheFor)
            {
                _cache.TryRemove(hash, out _);
            }
        }

        return await DeleteAsync(s => s.CreatedAt <= startedBefore || s.LastSeenAt <= seenBefore, record: false, cancellationToken);
    }

    private Task<int> EndAllButAsync(int accountId, string? keepHash, bool record, CancellationToken cancellationToken) =>
        DeleteAsync(s => s.AccountId == accountId && s.KeyHash != keepHash, record, cancellationToken);

    private bool IsOver(DateTimeOffset createdAt, DateTimeOffset lastSeenAt, DateTimeOffset now)
    {
        var limits = options.CurrentValue;
        return now - createdAt >= limits.Lifetime || (limits.Idle is { } idle && now - lastSeenAt >= idle);
    }

    /// <summary>
    /// Deletes the matching sessions (with an audit entry each when <paramref name="record"/>), forgets them and tells their
    /// open pages. One at a time (<see cref="Ending"/>): a request that finds a session already ended by another does not
    /// count it, record it or undo the rest of its own work.
    /// </summary>
    private async Task<int> DeleteAsync(System.Linq.Expressions.Expression<Func<PanelSession, bool>> which, bool record, CancellationToken cancellationToken,
        bool tellPages = true)
    {
        List<PanelSession> doomed;
        using (await Ending.EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            doomed = await db.Sessions.Where(which).ToListAsync(cancellationToken);
            if (doomed.Count == 0)
            {
                return 0;
            }

            db.Sessions.RemoveRange(doomed);
            if (record)
            {
                db.AuditEntries.AddRange(doomed.Select(s => audit.Entry(AuditActions.SessionRevoke, $"session {s.Id} ({UserAgentText.Describe(s.UserAgent)}, {s.ClientAddress ?? "no address"})",
                    before: new { createdAt = s.CreatedAt, lastSeenAt = s.LastSeenAt, clientAddress = s.ClientAddress, userAgent = s.UserAgent })));
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        var hashes = doomed.Select(s => s.KeyHash).ToHashSet(StringComparer.Ordinal);
        foreach (var hash in hashes)
        {
            _cache.TryRemove(hash, out _);
        }

        if (tellPages)
        {
            Ended?.Invoke(hashes);
        }

        Updates.Notify();
        return doomed.Count;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    /// <summary>A session as last read (Id 0: no such session), and when it was read.</summary>
    private sealed record Known(int Id, int AccountId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ReadAt)
    {
        public static Known Gone(DateTimeOffset readAt) => new(0, 0, default, default, readAt);
    }
}
