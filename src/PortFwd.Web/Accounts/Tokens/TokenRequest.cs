using System.Security.Cryptography;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Accounts;

namespace PortFwd.Web.Accounts.Tokens;

/// <summary>The body of <c>POST /api/tokens</c>: the owner's credentials, and the token wanted.</summary>
/// <param name="Code">The six-digit code of the authenticator, or a recovery code, when the account signs in with two factors.</param>
/// <param name="Name">What to call the token (1 to 64 characters, unique among the account's tokens); "token" and eight random hex digits when left out.</param>
/// <param name="Scope"><c>read</c> (GET and HEAD only) or <c>admin</c> (everything); admin when left out.</param>
/// <param name="ExpiresInDays">1 to 3650; 30 when left out.</param>
public sealed record TokenRequest(string? Username, string? Password, string? Code = null, string? Name = null, string? Scope = null, int? ExpiresInDays = null);

/// <summary>A token as the panel's form and the API ask for it, once checked.</summary>
public sealed record TokenDraft(string Name, ApiTokenScope Scope, int ExpiresInDays)
{
    public const int DefaultExpiresInDays = 30;
    public const int MaxExpiresInDays = 3650;

    /// <summary>The draft, or the field errors (name, scope, expiresInDays) of what was given, in English as the API answers.</summary>
    public static (TokenDraft? Draft, Dictionary<string, string[]> Errors) Check(string? name, string? scope, int? expiresInDays)
    {
        var (draft, messages) = CheckWithCodes(name, scope, expiresInDays);
        return (draft, messages.ToDictionary(m => m.Key, m => new[] { m.Value.Text }));
    }

    /// <summary><see cref="Check"/> with each field's message coded, for the panel's languages.</summary>
    public static (TokenDraft? Draft, Dictionary<string, ValidationMessage> Errors) CheckWithCodes(string? name, string? scope, int? expiresInDays)
    {
        var errors = new Dictionary<string, ValidationMessage>();
        // Left out (a script written before tokens had names, or one that asks for a token on every run): a made-up
        // name, unique in practice, so such scripts keep working; given but blank is a mistake worth saying.
        var trimmed = name is null ? "token " + RandomNumberGenerator.GetHexString(8, lowercase: true) : name.Trim();
        if (trimmed.Length == 0)
        {
            errors["name"] = AccountMessages.TokenNameMissing.With();
        }
        else if (trimmed.Length > ApiToken.MaxNameLength || trimmed.Any(char.IsControl))
        {
            errors["name"] = AccountMessages.TokenNameInvalid.With(ApiToken.MaxNameLength);
        }

        var parsed = scope is null ? ApiTokenScope.Admin : TokenScopes.Parse(scope);
        if (parsed is null)
        {
            errors["scope"] = AccountMessages.TokenScopeUnknown.With(Clip(scope!), TokenScopes.Read, TokenScopes.Admin);
        }

        var days = expiresInDays ?? DefaultExpiresInDays;
        if (days is < 1 or > MaxExpiresInDays)
        {
            errors["expiresInDays"] = AccountMessages.TokenExpiryOutOfRange.With(MaxExpiresInDays, DefaultExpiresInDays);
        }

        return errors.Count == 0 ? (new TokenDraft(trimmed, parsed!.Value, days), errors) : (null, errors);
    }

    private static string Clip(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
