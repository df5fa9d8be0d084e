using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PortFwd.Data;
using PortFwd.Data.Accounts;
using PortFwd.Data.Audit;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Accounts.Tokens;

/// <summary>A token as its owner sees it: never the secret or its hash.</summary>
/// <param name="LastUsed">When a request last signed in with it (to the minute); null if never.</param>
public sealed record TokenInfo(int Id, string Name, ApiTokenScope Scope, DateTimeOffset Created, DateTimeOffset Expires, DateTimeOffset? LastUsed)
{
    internal static TokenInfo From(ApiToken token) =>
        new(token.Id, token.Name, token.Scope, token.CreatedAt, token.ExpiresAt, token.LastUsedAt);

    public bool IsExpiredAt(DateTimeOffset now) => Expires <= now;
}

/// <summary>A token just made: the secret, shown this once, and what it is.</summary>
public sealed record IssuedToken(string Secret, TokenInfo Token);

/// <summary>The outcome of asking for a token: the token, or the name that is already taken.</summary>
public sealed record TokenIssue(IssuedToken? Issued, string? TakenName);

/// <summary>A token that signed a request in: its account and the token's own facts.</summary>
public sealed record TokenSignIn(AdminAccount Account, TokenInfo Token);

/// <summary>
/// The accounts' API tokens: issued with a name, a scope and an expiry, listed, revoked, and checked on every bearer
/// request. Only a token's SHA-256 hash is stored. Creating and revoking are recorded in the audit log with the token masked.
/// </summary>
public sealed partial class ApiTokens(IDbContextFactory<PortFwdDbContext> factory, TimeProvider time, AuditTrail audit, ILogger<ApiTokens> logger)
{
    /// <summary>How stale "last used" may get: a token used all the time is written at most this often, not on every request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Notified when a token is issued or revoked, for the Account page's list (in every tab, whoever made the change).</summary>
    public ChangeFeed Updates { get; } = new();

    /// <summary>Issues a token for the account; the audit entry is by <paramref name="by"/>, or the current actor.</summary>
    public async Task<TokenIssue> IssueAsync(int accountId, TokenDraft draft, AuditActor? by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiTokens.AnyAsync(t => t.AccountId == accountId && t.Name == draft.Name, cancellationToken))
        {
            return new TokenIssue(null, draft.Name);
        }

        var secret = "pf_" + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var token = new ApiToken
        {
            AccountId = accountId,
            Name = draft.Name,
            Scope = draft.Scope,
            TokenHash = Hash(secret),
            CreatedAt = now,
            ExpiresAt = now.AddDays(draft.ExpiresInDays),
        };
        db.ApiTokens.Add(token);
        try
        {
            await AuditTrail.SaveAsync(db, () => audit.Entry(AuditActions.TokenCreate, Target(token), after: Picture(token), by: by), cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two requests with the same name at once: the unique index let one in.
            if (await NameTakenAsync(accountId, draft.Name, cancellationToken))
            {
                return new TokenIssue(null, draft.Name);
            }

            throw;
        }

        Updates.Notify();
        return new TokenIssue(new IssuedToken(secret, TokenInfo.From(token)), null);
    }

    /// <summary>The account's tokens, oldest first, expired ones too (so they can be seen and revoked).</summary>
    public async Task<IReadOnlyList<TokenInfo>> ListAsync(int accountId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.AccountId == accountId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return [.. tokens.Select(TokenInfo.From)];
    }

    /// <summary>Deletes the account's token <paramref name="id"/>: the next request with it is refused. False when it has no such token.</summary>
    public async Task<bool> RevokeAsync(int accountId, int id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.AccountId == accountId, cancellationToken);
        if (token is null)
        {
            return false;
        }

        db.ApiTokens.Remove(token);
        await AuditTrail.SaveAsync(db, () => audit.Entry(AuditActions.TokenRevoke, Target(token), before: Picture(token)), cancellationToken);
        Updates.Notify();
        return true;
    }

    /// <summary>
    /// The account and token a bearer token stands for, when it is known and not expired. Notes the use, unless it was
    /// noted less than <see cref="LastUsedResolution"/> ago.
    /// </summary>
    public async Task<TokenSignIn?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Hash(secret);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var found = await db.ApiTokens.AsNoTracking().Include(t => t.Account).FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        var now = time.GetUtcNow();
        if (found is not { Account: { } account } || found.ExpiresAt <= now)
        {
            return null;
        }

        if (found.LastUsedAt is not { } last || now - last >= LastUsedResolution || now < last)
        {
            found.LastUsedAt = await NoteUseAsync(db, found.Id, now, cancellationToken) ? now : found.LastUsedAt;
        }

        return new TokenSignIn(account, TokenInfo.From(found));
    }

    private async Task<bool> NoteUseAsync(PortFwdDbContext db, int id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await db.ApiTokens.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
            return true;
        }
        catch (DbException ex)
        {
            // A full or read-only disk must not lock automation out: the request goes on, its use unnoted.
            LogLastUsedNotSaved(logger, ex);
            return false;
        }
    }

    private async Task<bool> NameTakenAsync(int accountId, string name, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AnyAsync(t => t.AccountId == accountId && t.Name == name, cancellationToken);
    }

    private static string Target(ApiToken token) => $"token {token.Id} \"{token.Name}\"";

    private static object Picture(ApiToken token) => new
    {
        name = token.Name,
        scope = TokenScopes.Name(token.Scope),
        expiresAt = token.ExpiresAt,
        token = AuditJson.Masked,
    };

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(EventId = EventIds.TokenLastUseNotSaved, Level = LogLevel.Warning, Message = "A token's last use could not be saved; the request went on.")]
    private static partial void LogLastUsedNotSaved(ILogger logger, Exception exception);
}
