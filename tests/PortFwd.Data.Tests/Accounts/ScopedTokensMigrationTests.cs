using Microsoft.EntityFrameworkCore;
using PortFwd.Data.Accounts;

namespace PortFwd.Data.Tests.Accounts;

/// <summary>Tokens issued before names and scopes keep working after the upgrade: as admin tokens, named "token N".</summary>
public sealed class ScopedTokensMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tokens_from_before_become_admin_tokens_named_after_their_id()
    {
        // The schema as the release before had it, with two tokens in it.
        await using var db = await TempDatabase.AtMigrationAsync("20261202031514_AuditLog",
            "INSERT INTO Accounts (Id, UserName, PasswordHash, CreatedAt, SecurityStamp) VALUES (1, 'admin', 'x', '2026-11-01 00:00:00+00:00', 's');"
            + "INSERT INTO ApiTokens (Id, AccountId, TokenHash, CreatedAt, ExpiresAt) VALUES (3, 1, 'aa', '2026-11-01 00:00:00+00:00', '2026-12-01 00:00:00+00:00');"
            + "INSERT INTO ApiTokens (Id, AccountId, TokenHash, CreatedAt, ExpiresAt) VALUES (7, 1, 'bb', '2026-11-02 00:00:00+00:00', '2026-12-02 00:00:00+00:00');");

        await using var upgraded = await (await db.ReopenAsync()).CreateDbContextAsync(Ct);
        var tokens = await upgraded.ApiTokens.AsNoTracking().OrderBy(t => t.Id).ToListAsync(Ct);

        Assert.Equal([(3, "token 3", ApiTokenScope.Admin, "aa"), (7, "token 7", ApiTokenScope.Admin, "bb")],
            tokens.Select(t => (t.Id, t.Name, t.Scope, t.TokenHash)));
        Assert.All(tokens, t => Assert.Null(t.LastUsedAt));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), tokens[0].ExpiresAt);
    }
}
