using System.Security.Cryptography;
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

    /// <summary>The draft, or the field errors (name, scope, expiresInDays) of what was given.</summary>
    public static (TokenDraft? Draft, Dictionary<string, string[]> Errors) Check(string? name, string? scope, int? expiresInDays)
    {
        var errors = new Dictionary<string, string[]>();
        // Left out (a script written before tokens had names, or one that asks for a token on every run): a made-up
        // name, unique in practice, so such scripts keep working; given but blank is a mistake worth saying.
        var trimmed = name is null ? "token " + RandomNumberGenerator.GetHexString(8, lowercase: true) : name.Trim();
        if (trimmed.Length == 0)
        {
            errors["name"] = ["Give the token a name, so you can tell it apart later (\"prometheus\", \"backup script\")."];
        }
        else if (trimmed.Length > ApiToken.MaxNameLength || trimmed.Any(char.IsControl))
        {
            errors["name"] = [$"The name must be 1 to {ApiToken.MaxNameLength} characters, without control characters."];
        }

        var parsed = scope is null ? ApiTokenScope.Admin : TokenScopes.Parse(scope);
        if (parsed is null)
        {
            errors["scope"] = [$"\"{Clip(scope!)}\" is not a scope; use \"{TokenScopes.Read}\" (GET and HEAD only) or \"{TokenScopes.Admin}\" (everything)."];
        }

        var days = expiresInDays ?? DefaultExpiresInDays;
        if (days is < 1 or > MaxExpiresInDays)
        {
            errors["expiresInDays"] = [$"expiresInDays must be 1 to {MaxExpiresInDays} (ten years); leave it out for {DefaultExpiresInDays} days."];
        }

        return errors.Count == 0 ? (new TokenDraft(trimmed, parsed!.Value, days), errors) : (null, errors);
    }

    private static string Clip(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
