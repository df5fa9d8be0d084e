using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Accounts.TwoFactor;

/// <summary>
/// A secret offered to the user but not saved yet: it becomes the account's only when a code made from it is
/// confirmed, so an abandoned enrolment changes nothing.
/// </summary>
public sealed record TwoFactorEnrolment(byte[] Secret, string ManualKey, string QrCodeDataUri);

/// <summary>What a change to two-factor sign-in did: recovery codes to show once, or why nothing changed.</summary>
public sealed record TwoFactorChange(bool IsSuccess, ValidationMessage? Reason, IReadOnlyList<string> RecoveryCodes)
{
    /// <summary>Why nothing changed, in English.</summary>
    public string? Error => Reason?.Text;

    public static TwoFactorChange Done(IReadOnlyList<string>? recoveryCodes = null) => new(true, null, recoveryCodes ?? []);

    public static TwoFactorChange Refused(ValidationMessage reason) => new(false, reason, []);
}

/// <summary>Whether an account signs in with a code, and how many recovery codes it has left.</summary>
public sealed record TwoFactorStatus(bool IsEnabled, int RecoveryCodesLeft);
