using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Accounts;

namespace PortFwd.Web.Accounts.SignIn;

/// <summary>How a sign-in attempt ended.</summary>
public enum SignInStatus
{
    /// <summary>Password (and code, when two-factor sign-in is on) right: sign the account in.</summary>
    Success,

    /// <summary>Unknown user name or wrong password; counted as a failure.</summary>
    WrongPassword,

    /// <summary>The password is right and the account asks for a code, which was not given; not a failure.</summary>
    CodeRequired,

    /// <summary>The password is right but the code (or recovery code) is not; counted as a failure.</summary>
    WrongCode,

    /// <summary>Refused without looking at the password: too many failures from this address or for this account.</summary>
    LockedOut,
}

/// <summary>The outcome of a sign-in attempt: its status, the account when the password was right, and any wait.</summary>
public sealed record SignInResult(SignInStatus Status, AdminAccount? Account = null, TimeSpan RetryAfter = default)
{
    public static SignInResult WrongPassword { get; } = new(SignInStatus.WrongPassword);

    public static SignInResult Locked(TimeSpan wait) => new(SignInStatus.LockedOut, RetryAfter: wait);

    /// <summary>What the sign-in page and the API say, in plain words.</summary>
    public string Message => Status switch
    {
        SignInStatus.Success => "Signed in.",
        SignInStatus.CodeRequired => "code required",
        _ => Reason!.Text,
    };

    /// <summary>Why the sign-in failed, with its code, for the panel's languages; null when it did not fail.</summary>
    public ValidationMessage? Reason => Status switch
    {
        SignInStatus.WrongPassword => AccountMessages.WrongPassword.With(),
        SignInStatus.WrongCode => AccountMessages.WrongCode.With(),
        SignInStatus.LockedOut => AccountMessages.TooManyFailures(RetryAfter),
        _ => null,
    };
}
