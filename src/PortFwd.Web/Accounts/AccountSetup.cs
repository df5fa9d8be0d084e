using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using PortFwd.Data.Accounts;
using PortFwd.Web.Accounts.Sessions;
using PortFwd.Web.Accounts.SignIn;
using PortFwd.Web.Accounts.Tokens;
using PortFwd.Web.Accounts.TwoFactor;

namespace PortFwd.Web.Accounts;

/// <summary>Sign-in for the panel (cookie) and for automation (bearer token); everything but sign-in needs a user.</summary>
internal static class AccountSetup
{
    public const string Scheme = "PortFwd";

    public static IServiceCollection AddPortFwdAccounts(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<AdminAccount>, PasswordHasher<AdminAccount>>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<SecurityStamps>();
        services.AddSingleton<TwoFactorSecrets>();
        services.AddSingleton<TwoFactorService>();
        services.AddSingleton<PendingSignIns>();
        services.AddSingleton(SignInLockoutPolicy.Default);
        services.AddSingleton<SignInLockout>();
        services.AddSingleton<SignInService>();
        services.AddHostedService<AdminAccountSeeder>();
        services.AddSingleton<PanelSessions>();
        services.AddHostedService<SessionPruning>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "portfwd.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/login";
                // Each cookie ends with its session (SessionCookie sets its expiry from PortFwd:Accounts:SessionLifetimeDays).
                o.SlidingExpiration = false;
                // A cookie from before a password change (or a reset) names an old security stamp, or a session that ended: refused.
                o.Events.OnValidatePrincipal = SessionCookie.ValidatePrincipalAsync;
                o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        // Every endpoint needs a signed-in user unless it says otherwise (login, set-up, health, static assets), and a
        // read token may only read (GET, HEAD) whatever the endpoint, an endpoint added later too.
        var signedIn = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new TokenAuthorization.ReadOnlyMethods()).Build();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(signedIn)
            .SetDefaultPolicy(signedIn)
            .AddPolicy(TokenAuthorization.AdminPolicy, policy => policy.Combine(signedIn).AddRequirements(new TokenAuthorization.AdminOnly()));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, TokenAuthorization.ScopeRefusal>();
        services.AddSingleton<ApiTokens>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SecurityStampRevalidation>();

        services.AddSingleton<SignInFloodLimit>();
        return services;
    }

    /// <summary>Marks a sign-in post: it counts against <see cref="SignInFloodLimit"/> (checked by <see cref="UseSignInFloodLimit"/>).</summary>
    public static RouteHandlerBuilder RequireSignInFloodLimit(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(SignInFloodLimited.Instance);

    /// <summary>Refuses a sign-in post from an address that has used up its attempts of the minute (after sign-in and authorization, as rate limiting would).</summary>
    public static IApplicationBuilder UseSignInFloodLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SignInFloodLimited>() is not null
            && context.RequestServices.GetRequiredService<SignInFloodLimit>().TryAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown") is { } wait)
        {
            await RejectFloodAsync(context, wait);
            return;
        }

        await next(context);
    });

    /// <summary>
    /// The flood guard's answer to a flood of sign-in posts from one address (its other limits are per address too):
    /// the wait in words, as a problem detail for the API and on the login page for the form.
    /// </summary>
    private static ValueTask RejectFloodAsync(HttpContext http, TimeSpan wait)
    {
        var detail = $"Too many sign-in attempts from this address. Try again in {WaitText.Words(wait)}.";
        http.Response.Headers.RetryAfter = WaitText.RetryAfterSeconds(wait);
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.Redirect($"/login?message={Uri.EscapeDataString(detail)}");
            return ValueTask.CompletedTask;
        }

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many attempts", Detail = detail },
        });
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        // The API and its OpenAPI document answer with a status code, never the login page's redirect.
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"))
        {
            context.Response.StatusCode = apiStatus;
            return context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails =
                {
                    Status = apiStatus,
                    Title = apiStatus == StatusCodes.Status401Unauthorized ? "Sign in first" : "Not allowed",
                    Detail = "Send Authorization: Bearer <token from POST /api/tokens>, or sign in on the panel.",
                },
            }).AsTask();
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Until the first account exists, every page leads to the set-up page.</summary>
    public static IApplicationBuilder UseFirstRunSetup(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        var isPage = HttpMethods.IsGet(context.Request.Method)
            && !path.StartsWithSegments("/api") && !path.StartsWithSegments("/healthz") && !path.StartsWithSegments("/setup")
            && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content") && !path.StartsWithSegments("/_blazor")
            && !Path.HasExtension(path.Value);
        if (isPage && !await context.RequestServices.GetRequiredService<AccountService>().AnyAccountAsync(context.RequestAborted))
        {
            context.Response.Redirect("/setup");
            return;
        }

        await next(context);
    });
}
