using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PortFwd.Data.Accounts;

namespace PortFwd.Web.Accounts.Sessions;

/// <summary>The sign-in cookie and its session: issued with a new session, checked on every request, ended with it.</summary>
internal static class SessionCookie
{
    /// <summary>Begins a session for this browser and gives it the cookie, which ends with the session's lifetime (it does not slide).</summary>
    public static async Task SignInAsync(HttpContext http, AdminAccount account)
    {
        var sessions = http.RequestServices.GetRequiredService<PanelSessions>();
        var (key, expires) = await sessions.BeginAsync(account.Id, http.Connection.RemoteIpAddress, http.Request.Headers.UserAgent.ToString(), http.RequestAborted);
        var identity = new ClaimsIdentity([.. AccountClaims.For(account), new Claim(PanelSessions.ClaimType, key)], CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = expires, AllowRefresh = false });
    }

    /// <summary>Ends this browser's session and removes its cookie.</summary>
    public static async Task SignOutAsync(HttpContext http)
    {
        await http.RequestServices.GetRequiredService<PanelSessions>().SignOutAsync(http.User, http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// The cookie handler's hook: a cookie is refused (and removed) when it names an old security stamp (a password
    /// change) or a session that has ended (signed out elsewhere, past its lifetime, idle too long).
    /// </summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var aborted = context.HttpContext.RequestAborted;
        if (!await services.GetRequiredService<SecurityStamps>().IsCurrentAsync(context.Principal, aborted)
            || !await services.GetRequiredService<PanelSessions>().IsActiveAsync(context.Principal, aborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
