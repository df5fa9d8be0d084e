using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PortFwd.Data;
using PortFwd.Data.Accounts;
using PortFwd.Data.Audit;

namespace PortFwd.Web.Accounts.TwoFactor;

/// <summary>
/// Turns two-factor sign-in on and off for an account and checks its codes. A code is used at most once: the
/// account's last accepted time step (and its list of unused recovery codes) is updated only if nobody changed it
/// in between, so two requests racing with the same code cannot both win.
/// </summary>
public sealed class TwoFactorService(
    IDbContextFactory<PortFwdDbContext> factory,
    IPasswordHasher<AdminAccount> hasher,
    TwoFactorSecrets secrets,
    TimeProvider time,
    AuditTrail audit)
{
    public const string Issuer = "PortFwd";

    /// <summary>Who the audit log names for a change made with a command-line switch on the machine itself.</summary>
    public static readonly AuditActor CommandLine = new("command line", null, AuditVia.System);

    /// <summary>A new secret to show as a QR code and a key; nothing is saved until <see cref="EnableAsync"/>.</summary>
    public static TwoFactorEnrolment Begin(string userName)
    {
        var secret = TotpCodes.NewSecret();
        return new TwoFactorEnrolment(secret, TotpCodes.ManualKey(secret), QrCodeImage.DataUri(TotpCodes.EnrolmentUri(secret, Issuer, userName)));
    }

    public async Task<TwoFactorStatus> StatusAsync(int accountId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        return new TwoFactorStatus(account?.HasTwoFactor == true, RecoveryCodes.Remaining(account?.RecoveryCodeHashes));
    }

    /// <summary>Saves the enrolment's secret when <paramref name="code"/> was made from it; the new recovery codes, shown once.</summary>
    public async Task<TwoFactorChange> EnableAsync(int accountId, TwoFactorEnrolment enrolment, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(enrolment);
        if (TotpCodes.Match(enrolment.Secret, code, time.GetUtcNow(), lastAcceptedStep: null) is not { } step)
        {
            return TwoFactorChange.Refused(AccountMessages.EnrolmentCodeWrong.With());
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return TwoFactorChange.Refused(AccountMessages.AccountGone.With());
        }

        if (account.HasTwoFactor)
        {
            return TwoFactorChange.Refused(AccountMessages.TwoFactorAlreadyOn.With());
        }

        var recoveryCodes = RecoveryCodes.Generate();
        account.TotpSecretProtected = secrets.Protect(enrolment.Secret);
        account.TotpLastTimeStep = step;
        account.RecoveryCodeHashes = RecoveryCodes.Store(recoveryCodes);
        db.AuditEntries.Add(audit.Entry(AuditActions.AccountTwoFactorOn, $"account \"{account.UserName}\""));
        await db.SaveChangesAsync(cancellationToken);
        return TwoFactorChange.Done(recoveryCodes);
    }

    /// <summary>Turns two-factor sign-in off; needs the password and a code (or a recovery code).</summary>
    public async Task<TwoFactorChange> DisableAsync(int accountId, string? password, string? code, CancellationToken cancellationToken)
    {
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
            if (account is null || !account.HasTwoFactor)
            {
                return TwoFactorChange.Refused(AccountMessages.TwoFactorNotOn.With());
            }

            if (string.IsNullOrEmpty(password) || hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed)
            {
                return TwoFactorChange.Refused(AccountMessages.PasswordWrong.With());
            }
        }

        if (!await UseCodeAsync(accountId, code, cancellationToken))
        {
            return TwoFactorChange.Refused(AccountMessages.WrongCode.With());
        }

        await using var update = await factory.CreateDbContextAsync(cancellationToken);
        var signedIn = await update.Accounts.FirstAsync(a => a.Id == accountId, cancellationToken);
        await TurnOffAsync(update, signedIn, by: null, cancellationToken);
        return TwoFactorChange.Done();
    }

    /// <summary>
    /// Turns two-factor sign-in off on the first account without a code: <c>--disable-two-factor</c>, for an owner whose
    /// authenticator is lost, or whose database was restored without the Data Protection keys that read its secret.
    /// </summary>
    public async Task<AccountResult> DisableFromCommandLineAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.OrderBy(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return new AccountError("There is no account yet; open the panel to create one.");
        }

        if (!account.HasTwoFactor)
        {
            return new AccountError($"Two-factor sign-in is not on for the account '{account.UserName}'.");
        }

        await TurnOffAsync(db, account, CommandLine, cancellationToken);
        return AccountResult.Ok(account);
    }

    /// <summary>Clears the secret, the last step and the recovery codes, with the audit entry, in one save.</summary>
    private async Task TurnOffAsync(PortFwdDbContext db, AdminAccount account, AuditActor? by, CancellationToken cancellationToken)
    {
        account.TotpSecretProtected = null;
        account.TotpLastTimeStep = null;
        account.RecoveryCodeHashes = null;
        db.AuditEntries.Add(audit.Entry(AuditActions.AccountTwoFactorOff, $"account \"{account.UserName}\"", by: by));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="code"/> is the account's current code (±1 step, not used before) or one of its unused
    /// recovery codes; either way it is spent.
    /// </summary>
    public async Task<bool> UseCodeAsync(int accountId, string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null || secrets.Unprotect(account.TotpSecretProtected) is not { } secret)
        {
            return false;
        }

        if (RecoveryCodes.LooksLikeOne(code))
        {
            var before = account.RecoveryCodeHashes;
            if (!RecoveryCodes.TryUse(before, code, out var remaining))
            {
                return false;
            }

            return await db.Accounts.Where(a => a.Id == accountId && a.RecoveryCodeHashes == before)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.RecoveryCodeHashes, remaining), cancellationToken) == 1;
        }

        var last = account.TotpLastTimeStep;
        if (TotpCodes.Match(secret, code, time.GetUtcNow(), last) is not { } step)
        {
            return false;
        }

        return await db.Accounts.Where(a => a.Id == accountId && (a.TotpLastTimeStep == null || a.TotpLastTimeStep < step))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.TotpLastTimeStep, step), cancellationToken) == 1;
    }
}
