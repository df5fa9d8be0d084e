using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace PortFwd.Web.Accounts;

/// <summary>The form posts of the login and set-up pages, sign-out, and <c>POST /api/tokens</c>.</summary>
internal static class AccountEndpoints
{
    public sealed record TokenRequest(string? Username, string? Password);

    public sealed record TokenResponse(string Token, DateTimeOffset Expires);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", async (HttpContext http, AccountService accounts,
            [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl) =>
        {
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
        }).AllowAnonymous().RequireRateLimiting(AccountSetup.SignInRateLimit);

        app.MapPost("/account/setup", async (HttpContext http, AccountService accounts,
            [FromForm] string? username, [FromForm] string? password, [FromForm] string? confirmPassword) =>
        {
            var (account, problem) = AccountService.CheckNewPassword(password, confirmPassword) is { } mismatch
                ? (null, mismatch)
                : await accounts.CreateFirstAccountAsync(username ?? AccountService.DefaultUserName, password!, http.RequestAborted);
            if (account is null)
            {
                return Results.LocalRedirect($"/setup?error={Uri.EscapeDataString(problem!)}");
            }

            await SignInAsync(http, account);
            return Results.LocalRedirect("/");
        }).AllowAnonymous().RequireRateLimiting(AccountSetup.SignInRateLimit);

        app.MapPost("/account/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });

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
