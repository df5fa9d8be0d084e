using System.Net;
using Microsoft.EntityFrameworkCore;
using PortFwd.Data;
using PortFwd.Web.Accounts.TwoFactor;

namespace PortFwd.Web.Accounts.SignIn;

/// <summary>
/// The sign-in decision, shared by the login form (password, then code on a page of its own) and
/// <c>POST /api/tokens</c> (both at once): lockout first, then the password, then the code.
/// </summary>
public sealed class SignInService(
    AccountService accounts,
    TwoFactorService twoFactor,
    SignInLockout lockout,
    IDbContextFactory<PortFwdDbContext> factory)
{
    /// <summary>The first step: Success, or CodeRequired (with the account) when it signs in with two factors.</summary>
    public async Task<SignInResult> CheckPasswordAsync(string? userName, string? password, IPAddress? address, CancellationToken cancellationToken)
    {
        if (lockout.RemainingLock(address, userName) is var wait && wait > TimeSpan.Zero)
        {
            return SignInResult.Locked(wait);
        }

        var account = await accounts.VerifyAsync(userName, password, cancellationToken);
        if (account is null)
        {
            lockout.RecordFailure(address, userName);
            return SignInResult.WrongPassword;
        }

        if (account.HasTwoFactor)
        {
            return new SignInResult(SignInStatus.CodeRequired, account);
        }

        lockout.RecordSuccess(address, userName);
        return new SignInResult(SignInStatus.Success, account);
    }

    /// <summary>
    /// The second step, for an account whose password was right: Success when <paramref name="code"/> is its current
    /// code or an unused recovery code. <paramref name="securityStamp"/>, when given, must still be the account's.
    /// </summary>
    public async Task<SignInResult> CheckCodeAsync(int accountId, string? securityStamp, string? code, IPAddress? address, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null || (securityStamp is not null && !string.Equals(account.SecurityStamp, securityStamp, StringComparison.Ordinal)))
        {
            return SignInResult.WrongPassword;
        }

        if (lockout.RemainingLock(address, account.UserName) is var wait && wait > TimeSpan.Zero)
        {
            return SignInResult.Locked(wait);
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            return new SignInResult(SignInStatus.CodeRequired, account);
        }

        if (!await twoFactor.UseCodeAsync(accountId, code, cancellationToken))
        {
            lockout.RecordFailure(address, account.UserName);
            return new SignInResult(SignInStatus.WrongCode, account);
        }

        lockout.RecordSuccess(address, account.UserName);
        return new SignInResult(SignInStatus.Success, account);
    }

    /// <summary>Both steps at once (the API): password, then the code when the account needs one.</summary>
    public async Task<SignInResult> SignInAsync(string? userName, string? password, string? code, IPAddress? address, CancellationToken cancellationToken)
    {
        var first = await CheckPasswordAsync(userName, password, address, cancellationToken);
        return first is { Status: SignInStatus.CodeRequired, Account: { } account }
            ? await CheckCodeAsync(account.Id, null, code, address, cancellationToken)
            : first;
    }
}
