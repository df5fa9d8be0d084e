using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PortFwd.Web.Audit;

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

    /// <summary>The body of <c>POST /api/tokens</c>.</summary>
    public sealed record TokenRequest(string? Username, string? Password);

    /// <summary>A token for <c>Authorization: Bearer</c>, and when it stops working.</summary>
    public sealed record TokenResponse(string Token, DateTimeOffset Expires);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The pages' own form posts: not part of the API, so the OpenAPI document leaves them out.
        app.MapPost("/account/login", SignInAsync)
            .WithName("SignIn").ExcludeFromDescription()
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(AccountSetup.SignInRateLimit);
        app.MapPost("/account/setup", CreateFirstAccountAsync)
            .WithName("SetUp").ExcludeFromDescription()
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(AccountSetup.SignInRateLimit);
        app.MapPost("/account/logout", SignOutAsync)
            .WithName("SignOut").ExcludeFromDescription()
            .DisableAntiforgery();

        app.MapPost("/api/tokens", IssueTokenAsync)
            .WithName("IssueToken").WithTags("Accounts").WithSummary("Get a token")
            .WithDescription("Trades the user name and password for a token; send it on every other call as `Authorization: Bearer` and the token.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(AccountSetup.SignInRateLimit);
        return app;
    }

    public static async Task<RedirectHttpResult> SignInAsync(HttpContext http, AccountService accounts, IAntiforgery antiforgery, SignInAudit signIns,
        [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? $"/login?expired=1&returnUrl={Uri.EscapeDataString(returnUrl!)}" : "/login?expired=1");
        }

        var account = await accounts.VerifyAsync(username, password, http.RequestAborted);
        await signIns.RecordAsync(http, username, succeeded: account is not null, withToken: false);
        if (account is null)
        {
            var back = $"/login?error=1&username={Uri.EscapeDataString(username ?? "")}";
            if (!string.IsNullOrEmpty(returnUrl))
            {
                back += $"&returnUrl={Uri.EscapeDataString(returnUrl)}";
            }

            return TypedResults.LocalRedirect(back);
        }

        await StartSessionAsync(http, account);
        return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    public static async Task<RedirectHttpResult> CreateFirstAccountAsync(HttpContext http, AccountService accounts, IAntiforgery antiforgery,
        [FromForm] string? username, [FromForm] string? password, [FromForm] string? confirmPassword)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.LocalRedirect($"/setup?error={Uri.EscapeDataString(SetupExpired)}");
        }

        var created = AccountService.CheckNewPassword(password, confirmPassword) is { } mismatch
            ? AccountResult.Fail(mismatch)
            : await accounts.CreateFirstAccountAsync(username ?? AccountService.DefaultUserName, password!, http.RequestAborted);
        if (!created.IsSuccess)
        {
            return TypedResults.LocalRedirect($"/setup?error={Uri.EscapeDataString(created.Error.Message)}");
        }

        await StartSessionAsync(http, created.Value);
        return TypedResults.LocalRedirect("/");
    }

    public static async Task<RedirectHttpResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            // Not from the panel's own page: stay signed in.
            return TypedResults.LocalRedirect("/");
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/login");
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        HttpContext http, AccountService accounts, SignInAudit signIns, TokenRequest request)
    {
        var account = await accounts.VerifyAsync(request.Username, request.Password, http.RequestAborted);
        await signIns.RecordAsync(http, request.Username, succeeded: account is not null, withToken: true);
        if (account is null)
        {
            return TypedResults.Problem(title: "Sign-in failed", detail: "The user name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var (token, expires) = await accounts.IssueTokenAsync(account, http.RequestAborted);
        return TypedResults.Ok(new TokenResponse(token, expires));
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static Task StartSessionAsync(HttpContext http, Data.Accounts.AdminAccount account)
    {
        var identity = new ClaimsIdentity(AccountClaims.For(account), CookieAuthenticationDefaults.AuthenticationScheme);
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
    }
}
