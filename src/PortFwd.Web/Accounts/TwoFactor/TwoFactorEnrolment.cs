namespace PortFwd.Web.Accounts.TwoFactor;

/// <summary>
/// A secret offered to the user but not saved yet: it becomes the account's only when a code made from it is
/// confirmed, so an abandoned enrolment changes nothing.
/// </summary>
public sealed record TwoFactorEnrolment(byte[] Secret, string ManualKey, string QrCodeDataUri);

/// <summary>What a change to two-factor sign-in did: recovery codes to show once, or why nothing changed.</summary>
public sealed record TwoFactorChange(bool IsSuccess, string? Error, IReadOnlyList<string> RecoveryCodes)
{
    public static TwoFactorChange Done(IReadOnlyList<string>? recoveryCodes = null) => new(true, null, recoveryCodes ?? []);

    public static TwoFactorChange Refused(string error) => new(false, error, []);
}

/// <summary>Whether an account signs in with a code, and how many recovery codes it has left.</summary>
public sealed record TwoFactorStatus(bool IsEnabled, int RecoveryCodesLeft);
