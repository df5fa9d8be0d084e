using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace PortFwd.Web.Accounts;

/// <summary>The form posts of the login and set-up pages, sign-out, and <c>POST /api/tokens</c>.</summary>
/// <remarks>
/// The forms' antiforgery tokens are checked here rather than by the framework, so that a form left
/// open past its token (a restored tab after the browser dropped its session cookies) leads back to
/// its page with a sentence saying so, not to a bare 400, and still changes nothing.
/// </remarks>
internal static class AccountEndpoints
{
    /// <summary>What the set-up page shows when its form had expired.</summary>
    public const string SetupExpired = "The page had expired, so no account was created. Please try again.";

    public sealed record TokenRequest(string? Username, string? Password);

    public sealed record TokenResponse(string Token, DateTimeOffset Expires);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", async (HttpContext http, AccountService accounts, IAntiforgery antiforgery,
            [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.LocalRedirect(IsLocal(returnUrl) ? $"/login?expired=1&returnUrl={Uri.EscapeDataString(returnUrl!)}" : "/login?expired=1");
            }

            var account = await accounts.VerifyAsync(username, password, http.RequestAborted);
            if (account is null)
            {
                var back = $"/login?error=1&username={Uri.EscapeDataString(username ?? "")}";
                if (!string.IsNullOrEmpty(returnUrl))
                {
                    back += $"&returnUrl={Uri.EscapeDataString(returnUrl)}";
                }

                return Results.LocalRedirect(back);
            }

            await SignInAsync(http, account);
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(AccountSetup.SignInRateLimit);

        app.MapPost("/account/setup", async (HttpContext http, AccountService accounts, IAntiforgery antiforgery,
            [FromForm] string? username, [FromForm] string? password, [FromForm] string? confirmPassword) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.LocalRedirect($"/setup?error={Uri.EscapeDataString(SetupExpired)}");
            }

            var (account, problem) = AccountService.CheckNewPassword(password, confirmPassword) is { } mismatch
                ? (null, mismatch)
                : await accounts.CreateFirstAccountAsync(username ?? AccountService.DefaultUserName, password!, http.RequestAborted);
            if (account is null)
            {
                return Results.LocalRedirect($"/setup?error={Uri.EscapeDataString(problem!)}");
            }

            await SignInAsync(http, account);
            return Results.LocalRedirect("/");
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(AccountSetup.SignInRateLimit);

        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                // Not from the panel's own page: stay signed in.
                return Results.LocalRedirect("/");
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).DisableAntiforgery();

        app.MapPost("/api/tokens", async (HttpContext http, AccountService accounts, TokenRequest request) =>
        {
            var account = await accounts.VerifyAsync(request.Username, request.Password, http.RequestAborted);
            if (account is null)
            {
                return Results.Problem(title: "Sign-in failed", detail: "The user name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized);
            }

            var (token, expires) = await accounts.IssueTokenAsync(account, http.RequestAborted);
            return Results.Ok(new TokenResponse(token, expires));
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(AccountSetup.SignInRateLimit);

        return app;
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static Task SignInAsync(HttpContext http, Data.Accounts.AdminAccount account)
    {
        var identity = new ClaimsIdentity(AccountClaims.For(account), CookieAuthenticationDefaults.AuthenticationScheme);
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
    }
}
