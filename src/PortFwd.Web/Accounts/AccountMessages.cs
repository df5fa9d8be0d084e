using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Accounts;

/// <summary>
/// What the account services say (sign-in, two-factor, password), with codes, so the panel shows it in the person's
/// language ("Msg.Account.{code}") while the API and the command line answer the English.
/// </summary>
public static class AccountMessages
{
    public static readonly MessageTemplate WrongPassword = new("Account.WrongPassword", "The user name or password is wrong.");
    public static readonly MessageTemplate WrongCode = new("Account.WrongCode", "The code is wrong.");
    public static readonly MessageTemplate LockedMinutes = new("Account.LockedMinutes", "Too many failed sign-ins. Try again in {0} minutes.");
    public static readonly MessageTemplate LockedMinute = new("Account.LockedMinute", "Too many failed sign-ins. Try again in 1 minute.");
    public static readonly MessageTemplate LockedSeconds = new("Account.LockedSeconds", "Too many failed sign-ins. Try again in {0} seconds.");
    public static readonly MessageTemplate LockedSecond = new("Account.LockedSecond", "Too many failed sign-ins. Try again in 1 second.");

    public static readonly MessageTemplate EnrolmentCodeWrong = new("Account.EnrolmentCodeWrong",
        "That code is not right. Check the authenticator shows this panel's entry, and that this machine's clock is right.");
    public static readonly MessageTemplate AccountGone = new("Account.AccountGone", "The account no longer exists.");
    public static readonly MessageTemplate TwoFactorAlreadyOn = new("Account.TwoFactorAlreadyOn", "Two-factor sign-in is already on.");
    public static readonly MessageTemplate TwoFactorNotOn = new("Account.TwoFactorNotOn", "Two-factor sign-in is not on.");
    public static readonly MessageTemplate PasswordWrong = new("Account.PasswordWrong", "The password is wrong.");

    public static readonly MessageTemplate PasswordTooShort = new("Account.PasswordTooShort", "The password must be at least {0} characters.");
    public static readonly MessageTemplate PasswordsDiffer = new("Account.PasswordsDiffer", "The two passwords do not match.");
    public static readonly MessageTemplate CurrentPasswordWrong = new("Account.CurrentPasswordWrong", "The current password is wrong.");
    public static readonly MessageTemplate PasswordPageExpired = new("Account.PasswordPageExpired", "The page had expired, so the password was not changed. Please try again.");
    public static readonly MessageTemplate SignInFirst = new("Account.SignInFirst", "Sign in first.");
    public static readonly MessageTemplate PasswordNotChanged = new("Account.PasswordNotChanged", "The password was not changed.");

    public static readonly MessageTemplate UserNameInvalid = new("Account.UserNameInvalid", "The user name must be 1 to {0} characters without spaces.");
    public static readonly MessageTemplate AccountExists = new("Account.AccountExists", "An account already exists; sign in instead.");
    public static readonly MessageTemplate SetupPageExpired = new("Account.SetupPageExpired", "The page had expired, so no account was created. Please try again.");
    public static readonly MessageTemplate AccountNotCreated = new("Account.AccountNotCreated", "No account was created.");

    public static readonly MessageTemplate TokenNameMissing = new("Account.TokenNameMissing",
        "Give the token a name, so you can tell it apart later (\"prometheus\", \"backup script\").");
    public static readonly MessageTemplate TokenNameInvalid = new("Account.TokenNameInvalid", "The name must be 1 to {0} characters, without control characters.");
    public static readonly MessageTemplate TokenScopeUnknown = new("Account.TokenScopeUnknown",
        "\"{0}\" is not a scope; use \"{1}\" (GET and HEAD only) or \"{2}\" (everything).");
    public static readonly MessageTemplate TokenExpiryOutOfRange = new("Account.TokenExpiryOutOfRange",
        "expiresInDays must be 1 to {0} (ten years); leave it out for {1} days.");
    public static readonly MessageTemplate TokenNameTaken = new("Account.TokenNameTaken",
        "You already have a token named \"{0}\"; choose another name, or revoke that one first.");

    public static readonly MessageTemplate UnknownBrowser = new("Account.UnknownBrowser", "Unknown browser");
    public static readonly MessageTemplate BrowserOn = new("Account.BrowserOn", "Browser on {0}");
    public static readonly MessageTemplate NamedBrowserOn = new("Account.NamedBrowserOn", "{0} on {1}");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(AccountMessages));

    // What a password change can answer; it reaches the Account page as its code in the redirect's query.
    private static readonly ValidationMessage[] PasswordChangeAnswers =
    [
        PasswordTooShort.With(AccountService.MinPasswordLength), PasswordsDiffer.With(), CurrentPasswordWrong.With(), PasswordPageExpired.With(), SignInFirst.With(),
        PasswordNotChanged.With(),
    ];

    // What creating the first account can answer; it reaches the set-up page as its code in the redirect's query.
    private static readonly ValidationMessage[] SetupAnswers =
    [
        UserNameInvalid.With(AccountService.MaxUserNameLength), PasswordTooShort.With(AccountService.MinPasswordLength), PasswordsDiffer.With(),
        AccountExists.With(), SetupPageExpired.With(), AccountNotCreated.With(),
    ];

    /// <summary>"Too many failed sign-ins. Try again in 4 minutes.": the wait rounded up, in minutes from one minute on.</summary>
    public static ValidationMessage TooManyFailures(TimeSpan wait)
    {
        if (wait >= TimeSpan.FromMinutes(1))
        {
            var minutes = (int)Math.Ceiling(wait.TotalMinutes);
            return minutes == 1 ? LockedMinute.With() : LockedMinutes.With(minutes);
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return seconds == 1 ? LockedSecond.With() : LockedSeconds.With(seconds);
    }

    /// <summary>
    /// The code a refused password change sends the Account page: the answer's own when it is one the page knows, else
    /// <see cref="PasswordNotChanged"/>'s (an answer without a code still says that nothing changed).
    /// </summary>
    public static string PasswordChangeCode(ValidationMessage? said) => PasswordChangeAnswer(said?.Code)?.Code ?? PasswordNotChanged.Code;

    /// <summary>A password change's answer, known by its code; null for anything else, which the page does not show.</summary>
    public static ValidationMessage? PasswordChangeAnswer(string? code) => Known(PasswordChangeAnswers, code);

    /// <summary>The code the set-up page is sent for a refused first account: the answer's own, when the page knows it.</summary>
    public static string SetupCode(ValidationMessage? said) => SetupAnswer(said?.Code)?.Code ?? AccountNotCreated.Code;

    /// <summary>A set-up answer, known by its code; null for anything else, which the page does not show.</summary>
    public static ValidationMessage? SetupAnswer(string? code) => Known(SetupAnswers, code);

    private static ValidationMessage? Known(ValidationMessage[] answers, string? code) =>
        Array.Find(answers, m => string.Equals(m.Code, code, StringComparison.Ordinal));
}
