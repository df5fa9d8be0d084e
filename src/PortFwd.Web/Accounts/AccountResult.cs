using System.Diagnostics.CodeAnalysis;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Accounts;

namespace PortFwd.Web.Accounts;

/// <summary>Why an account was not created or its password not set, in English (what the set-up page and the command line show).</summary>
public sealed record AccountError(string Message)
{
    /// <summary>A coded answer (<see cref="AccountMessages"/>), which the Account page is sent by its code.</summary>
    public AccountError(ValidationMessage said)
        : this(said?.Text ?? throw new ArgumentNullException(nameof(said))) => Said = said;

    /// <summary><see cref="Message"/> with its code and values, when it has them.</summary>
    public ValidationMessage? Said { get; init; }

    public override string ToString() => Message;
}

/// <summary>The outcome of creating an account or setting its password: the account, or why not.</summary>
public sealed class AccountResult
{
    private AccountResult(AdminAccount? value, AccountError? error) => (Value, Error) = (value, error);

    /// <summary>The new account, when created.</summary>
    public AdminAccount? Value { get; }

    /// <summary>Set when no account was created.</summary>
    public AccountError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static AccountResult Ok(AdminAccount account) => new(account ?? throw new ArgumentNullException(nameof(account)), null);

    public static AccountResult Fail(AccountError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    public static implicit operator AccountResult(AccountError error) => Fail(error);

    public override string ToString() => IsSuccess ? $"created: {Value.UserName}" : Error.Message;
}
