using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PortFwd.Data;

namespace PortFwd.Web.Accounts;

/// <summary>
/// Checks the security stamp a sign-in cookie carries against the account's, on every request. The account's
/// stamp is read from the database at most once per <see cref="CacheFor"/>; a change made in this process
/// (new password) forgets the cached value at once, so older cookies stop working on their next request.
/// A reset from the command line runs in another process: a running panel notices it within <see cref="CacheFor"/>.
/// </summary>
public sealed class SecurityStamps(IDbContextFactory<PortFwdDbContext> factory, TimeProvider time)
{
    public const string ClaimType = "portfwd:stamp";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, (string? Stamp, DateTimeOffset ReadAt)> _cache = new();

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether a cookie's principal still names its account's current stamp.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var stamp = principal.FindFirstValue(ClaimType);
        if (AccountClaims.AccountId(principal) is not { } accountId || string.IsNullOrEmpty(stamp))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(accountId, out var cached) || now - cached.ReadAt > CacheFor)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var current = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
            cached = (current, now);
            _cache[accountId] = cached;
        }

        return cached.Stamp is not null && string.Equals(cached.Stamp, stamp, StringComparison.Ordinal);
    }

    /// <summary>Drops the cached stamp of an account whose stamp just changed.</summary>
    public void Forget(int accountId) => _cache.TryRemove(accountId, out _);
}
