using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Audit;
using PortFwd.Web.Accounts.Sessions;
using PortFwd.Web.Accounts.SignIn;
using PortFwd.Web.Accounts.TwoFactor;

namespace PortFwd.Web.Accounts;

/// <summary>The form posts of the login, code, set-up and account pages, and sign-out. The API's tokens are <see cref="Tokens.TokenEndpoints"/>.</summary>
/// <remarks>
/// The forms' antiforgery tokens are checked here rather than by the framework, so that a form left
/// open past its token (a restored tab after the browser dropped its session cookies) leads back to
/// its page with a sentence saying so, not to a bare 400, and still changes nothing.
/// </remarks>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The pages' own form posts: not part of the API, so the OpenAPI document leaves them out.
        app.MapPost("/account/login", SignInAsync)
            .WithName("SignIn").ExcludeFromDescription()
            .AllowAnonymous().DisableAntiforgery().RequireSignInFloodLimit();
        app.MapPost("/account/login/code", SignInWithCodeAsync)
            .WithName("SignInWithCode").ExcludeFromDescription()
            .AllowAnonymous().DisableAntiforgery().RequireSignInFloodLimit();
        app.MapPost("/account/password", ChangePasswordAsync)
            .WithName("ChangePassword").ExcludeFromDescription()
            .DisableAntiforgery().RequireSignInFloodLimit();
        app.MapPost("/account/setup", CreateFirstAccountAsync)
            .WithName("SetUp").ExcludeFromDescription()
            .AllowAnonymous().DisableAntiforgery().RequireSignInFloodLimit();
        app.MapPost("/account/logout", SignOutAsync)
            .WithName("SignOut").ExcludeFromDescription()
            .DisableAntiforgery();

        return app;
    }

    public static async Task<RedirectHttpResult> SignInAsync(HttpContext http, SignInService signIn, PendingSignIns pending, IAntiforgery antiforgery,
        SignInAudit signIns, [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? $"/login?expired=1&returnUrl={Uri.EscapeDataString(returnUrl!)}" : "/login?expired=1");
        }

        var result = await signIn.CheckPasswordAsync(username, password, http.Connection.RemoteIpAddress, http.RequestAborted);
        await signIns.RecordAsync(http, username, result, withToken: false);
        switch (result)
        {
            case { Status: SignInStatus.Success, Account: { } account }:
                await StartSessionAsync(http, account);
                return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
            case { Status: SignInStatus.CodeRequired, Account: { } account }:
                // Not signed in yet: a ticket for the code page only.
                http.Response.Cookies.Append(PendingSignIns.CookieName, pending.Issue(account.Id, account.SecurityStamp), new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = http.Request.IsHttps,
                    MaxAge = PendingSignIns.Lifetime,
                    IsEssential = true,
                });
                return TypedResults.LocalRedirect(WithReturnUrl("/login/code", returnUrl));
            case { Status: SignInStatus.LockedOut }:
                return TypedResults.LocalRedirect(WithReturnUrl($"/login?locked={WaitText.RetryAfterSeconds(result.RetryAfter)}&username={Uri.EscapeDataString(username ?? "")}", returnUrl));
            default:
                return TypedResults.LocalRedirect(WithReturnUrl($"/login?error=1&username={Uri.EscapeDataString(username ?? "")}", returnUrl));
        }
    }

    public static async Task<RedirectHttpResult> SignInWithCodeAsync(HttpContext http, SignInService signIn, PendingSignIns pending, IAntiforgery antiforgery,
        SignInAudit signIns, [FromForm] string? code, [FromForm] string? returnUrl)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.LocalRedirect(WithReturnUrl("/login/code?expired=1", returnUrl));
        }

        if (pending.Read(http.Request.Cookies[PendingSignIns.CookieName]) is not { } ticket)
        {
            http.Response.Cookies.Delete(PendingSignIns.CookieName);
            return TypedResults.LocalRedirect(WithReturnUrl("/login?expired=1", returnUrl));
        }

        var result = await signIn.CheckCodeAsync(ticket.AccountId, ticket.SecurityStamp, code, http.Connection.RemoteIpAddress, http.RequestAborted);
        if (result.Status != SignInStatus.WrongPassword)
        {
            // WrongPassword here is a stale ticket (the password changed since the first step), not an attempt.
            await signIns.RecordAsync(http, userName: null, result, withToken: false);
        }
        switch (result)
        {
            case { Status: SignInStatus.Success, Account: { } account }:
                http.Response.Cookies.Delete(PendingSignIns.CookieName);
                await StartSessionAsync(http, account);
                return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
            case { Status: SignInStatus.WrongCode or SignInStatus.CodeRequired }:
                return TypedResults.LocalRedirect(WithReturnUrl("/login/code?error=1", returnUrl));
            case { Status: SignInStatus.LockedOut }:
                return TypedResults.LocalRedirect(WithReturnUrl($"/login/code?locked={WaitText.RetryAfterSeconds(result.RetryAfter)}", returnUrl));
            default:
                // The password changed (or the account went) since the first step: start again.
                http.Response.Cookies.Delete(PendingSignIns.CookieName);
                return TypedResults.LocalRedirect(WithReturnUrl("/login?expired=1", returnUrl));
        }
    }

    public static async Task<RedirectHttpResult> ChangePasswordAsync(HttpContext http, AccountService accounts, PanelSessions sessions, IAntiforgery antiforgery,
        [FromForm] string? currentPassword, [FromForm] string? newPassword, [FromForm] string? confirmPassword)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return PasswordRefused(AccountMessages.PasswordPageExpired.With());
        }

        var changed = AccountClaims.AccountId(http.User) is { } accountId
            ? await accounts.ChangePasswordAsync(accountId, currentPassword, newPassword, confirmPassword, http.RequestAborted)
            : AccountResult.Fail(new AccountError(AccountMessages.SignInFirst.With()));
        if (!changed.IsSuccess)
        {
            return PasswordRefused(changed.Error.Said);
        }

        // Every other cookie names the old stamp now, and every session ends; this browser begins a new one and stays signed in.
        await sessions.EndAllAsync(changed.Value.Id, http.RequestAborted);
        await StartSessionAsync(http, changed.Value);
        return TypedResults.LocalRedirect("/account?password=changed");
    }

    /// <summary>
    /// Back to the Account page with the answer's code (?passwordError=Account.CurrentPasswordWrong), never its text: the
    /// page says only answers it knows, so a link cannot make it show words of someone else's.
    /// </summary>
    private static RedirectHttpResult PasswordRefused(ValidationMessage? said) =>
        TypedResults.LocalRedirect($"/account?passwordError={Uri.EscapeDataString(AccountMessages.PasswordChangeCode(said))}");

    public static async Task<RedirectHttpResult> CreateFirstAccountAsync(HttpContext http, AccountService accounts, IAntiforgery antiforgery,
        [FromForm] string? username, [FromForm] string? password, [FromForm] string? confirmPassword)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return SetupRefused(AccountMessages.SetupPageExpired.With());
        }

        var created = AccountService.CheckNewPassword(password, confirmPassword) is { } mismatch
            ? AccountResult.Fail(mismatch)
            : await accounts.CreateFirstAccountAsync(username ?? AccountService.DefaultUserName, password!, http.RequestAborted);
        if (!created.IsSuccess)
        {
            return SetupRefused(created.Error.Said);
        }

        await StartSessionAsync(http, created.Value);
        return TypedResults.LocalRedirect("/");
    }

    /// <summary>Back to the set-up page with the answer's code (?error=Account.PasswordTooShort), never its text, as for the password.</summary>
    private static RedirectHttpResult SetupRefused(ValidationMessage? said) =>
        TypedResults.LocalRedirect($"/setup?error={Uri.EscapeDataString(AccountMessages.SetupCode(said))}");

    public static async Task<RedirectHttpResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            // Not from the panel's own page: stay signed in.
            return TypedResults.LocalRedirect("/");
        }

        await SessionCookie.SignOutAsync(http);
        return TypedResults.LocalRedirect("/login");
    }

    private static string WithReturnUrl(string target, string? returnUrl) =>
        IsLocal(returnUrl) ? target + (target.Contains('?', StringComparison.Ordinal) ? '&' : '?') + "returnUrl=" + Uri.EscapeDataString(returnUrl!) : target;

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static Task StartSessionAsync(HttpContext http, Data.Accounts.AdminAccount account) => SessionCookie.SignInAsync(http, account);
}
