using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PortFwd.Web.Accounts.Tokens;

namespace PortFwd.Web.Accounts;

/// <summary>Signs in API callers that send <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        var signedIn = token.Length is > 0 and < 200 ? await tokens.AuthenticateAsync(token, Context.RequestAborted) : null;
        if (signedIn is null)
        {
            return AuthenticateResult.Fail("The token is unknown, revoked or expired.");
        }

        // The scope travels as a claim; TokenAuthorization reads it on every endpoint.
        var identity = new ClaimsIdentity(AccountClaims.For(signedIn.Account), SchemeName);
        identity.AddClaim(new Claim(TokenScopes.ClaimType, TokenScopes.Name(signedIn.Token.Scope)));
        identity.AddClaim(new Claim(TokenScopes.TokenIdClaimType, signedIn.Token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(TokenScopes.TokenNameClaimType, signedIn.Token.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
