using System.Security.Claims;
using PortFwd.Data.Accounts;

namespace PortFwd.Web.Accounts.Tokens;

/// <summary>A token's scope at the JSON edge ("read", "admin") and on the principal it signs in (a claim).</summary>
public static class TokenScopes
{
    public const string Read = "read";
    public const string Admin = "admin";

    /// <summary>The claim a token's principal carries its scope in; a cookie session has none and may do everything.</summary>
    public const string ClaimType = "portfwd:token-scope";

    /// <summary>The claim with the id of the token a principal signed in with.</summary>
    public const string TokenIdClaimType = "portfwd:token-id";

    /// <summary>The claim with the name of the token a principal signed in with, for the audit log.</summary>
    public const string TokenNameClaimType = "portfwd:token-name";

    public static string Name(ApiTokenScope scope) => scope == ApiTokenScope.Read ? Read : Admin;

    /// <summary>The scope a wire name stands for (exactly, in lower case); null for anything else.</summary>
    public static ApiTokenScope? Parse(string? name) => name switch
    {
        Read => ApiTokenScope.Read,
        Admin => ApiTokenScope.Admin,
        _ => null,
    };

    /// <summary>Whether the principal signed in with a token that may only read.</summary>
    public static bool IsReadOnly(ClaimsPrincipal? user) => user?.FindFirst(ClaimType)?.Value == Read;
}
