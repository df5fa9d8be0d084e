using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PortFwd.Data;
using PortFwd.Data.Accounts;
using PortFwd.Data.Audit;

namespace PortFwd.Web.Accounts;

/// <summary>Accounts and password checks. Passwords are hashed with ASP.NET Core's password hasher; API tokens are <see cref="Tokens.ApiTokens"/>'.</summary>
public sealed class AccountService(
    IDbContextFactory<PortFwdDbContext> factory,
    IPasswordHasher<AdminAccount> hasher,
    SecurityStamps stamps,
    TimeProvider time,
    AuditTrail audit)
{
    public const int MinPasswordLength = 8;

    /// <summary>The longest user name the first account may have.</summary>
    public const int MaxUserNameLength = 64;
    public const string DefaultUserName = "admin";

    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _hasAccount;

    /// <summary>Whether the set-up page is still needed. Cached once true: accounts are never all removed.</summary>
    public async Task<bool> AnyAccountAsync(CancellationToken cancellationToken)
    {
        if (_hasAccount)
        {
            return true;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        _hasAccount = await db.Accounts.AnyAsync(cancellationToken);
        return _hasAccount;
    }

    /// <summary>What is wrong with a new password (too short, or the confirmation differs); null when it will do.</summary>
    public static AccountError? CheckNewPassword(string? password, string? confirmation)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            return new AccountError(AccountMessages.PasswordTooShort.With(MinPasswordLength));
        }

        return confirmation is not null && !string.Equals(password, confirmation, StringComparison.Ordinal)
            ? new AccountError(AccountMessages.PasswordsDiffer.With())
            : null;
    }

    /// <summary>Creates the first account: the account, or why not.</summary>
    public async Task<AccountResult> CreateFirstAccountAsync(string userName, string password, CancellationToken cancellationToken)
    {
        userName = userName.Trim();
        if (userName.Length is 0 or > MaxUserNameLength || userName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return new AccountError(AccountMessages.UserNameInvalid.With(MaxUserNameLength));
        }

        if (CheckNewPassword(password, null) is { } problem)
        {
            return problem;
        }

        // Check and insert as one step: two set-up posts racing must not both find "no account yet".
        await _createGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            if (await db.Accounts.AnyAsync(cancellationToken))
            {
                return new AccountError(AccountMessages.AccountExists.With());
            }

            var account = new AdminAccount { UserName = userName, CreatedAt = time.GetUtcNow(), SecurityStamp = SecurityStamps.New() };
            account.PasswordHash = hasher.HashPassword(account, password);
            db.Accounts.Add(account);
            db.AuditEntries.Add(audit.Entry(AuditActions.AccountCreate, $"account \"{account.UserName}\"", after: new { username = account.UserName, password = AuditJson.Masked }));
            await db.SaveChangesAsync(cancellationToken);
            _hasAccount = true;
            return AccountResult.Ok(account);
        }
        finally
        {
            _createGate.Release();
        }
    }

    /// <summary>The account when the password matches, else null. Takes the same time for unknown users.</summary>
    public async Task<AdminAccount?> VerifyAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserName == userName.Trim(), cancellationToken);
        if (account is null)
        {
            // Hash anyway so a wrong user name is not faster to find than a wrong password.
            hasher.HashPassword(new AdminAccount(), password);
            return null;
        }

        var result = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            var tracked = await db.Accounts.FirstAsync(a => a.Id == account.Id, cancellationToken);
            tracked.PasswordHash = hasher.HashPassword(tracked, password);
            await db.SaveChangesAsync(cancellationToken);
        }

        return result == PasswordVerificationResult.Failed ? null : account;
    }

    /// <summary>
    /// Changes the password when <paramref name="currentPassword"/> is right, and the security stamp with it, so every
    /// other cookie of the account stops working; the account with its new stamp, for re-issuing this session's cookie.
    /// Bearer tokens keep working: automation (scripts, Prometheus) is not signed out by a password change.
    /// </summary>
    public async Task<AccountResult> ChangePasswordAsync(int accountId, string? currentPassword, string? newPassword, string? confirmation,
        CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null || string.IsNullOrEmpty(currentPassword)
            || hasher.VerifyHashedPassword(account, account.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return new AccountError(AccountMessages.CurrentPasswordWrong.With());
        }

        if (CheckNewPassword(newPassword, confirmation) is { } problem)
        {
            return problem;
        }

        return await SetPasswordAsync(db, account, newPassword!, cancellationToken);
    }

    /// <summary>
    /// Sets a new password on the first account without asking for the old one: the owner's way back in, from the
    /// command line of the machine (<c>--reset-admin-password</c>). Signs out every cookie like a password change.
    /// </summary>
    public async Task<AccountResult> ResetPasswordAsync(string? newPassword, CancellationToken cancellationToken)
    {
        if (CheckNewPassword(newPassword, null) is { } problem)
        {
            return problem;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.OrderBy(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        return account is null
            ? new AccountError("There is no account yet; open the panel to create one.")
            : await SetPasswordAsync(db, account, newPassword!, cancellationToken);
    }

    private async Task<AccountResult> SetPasswordAsync(PortFwdDbContext db, AdminAccount account, string newPassword, CancellationToken cancellationToken)
    {
        account.PasswordHash = hasher.HashPassword(account, newPassword);
        account.SecurityStamp = SecurityStamps.New();
        db.AuditEntries.Add(audit.Entry(AuditActions.AccountPassword, $"account \"{account.UserName}\"", after: new { password = AuditJson.Masked }));
        await db.SaveChangesAsync(cancellationToken);
        stamps.Forget(account.Id);
        return AccountResult.Ok(account);
    }
}
