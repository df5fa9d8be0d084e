using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;

namespace PortFwd.Web.Hosting;

/// <summary>
/// Headers on the panel's own answers (never on HTTP rules' traffic, which other hosts serve: <see cref="Forwarding.PortListenerApp"/>):
/// a Content-Security-Policy that lets only the panel's own files run, no framing, no content sniffing, no full
/// address in Referer. The policy fits Blazor Server and MudBlazor: scripts from the panel only (the one inline script,
/// the import map, carries the request's nonce), no eval, the circuit's WebSocket to the panel itself, and inline
/// styles, which MudBlazor sets on its components.
/// </summary>
internal static class SecurityHeaders
{
    private static readonly object NonceKey = new();

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        var nonce = Nonce(context);
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiSetup.ApiDocsPath)
            // The API page is a script bundle of its own: it may run only its scripts from this panel (the inline one
            // carries the nonce), talk only to this panel and load nothing from the internet; it posts no forms.
            ? $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            // The panel: its sign-in forms post to itself; <base href="/"> is its own address.
            : $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

        await next(context);
    });

    /// <summary>
    /// The antiforgery cookie like the sign-in cookie: out of scripts' reach, never sent by another site's request,
    /// and only over HTTPS when the panel is served over HTTPS.
    /// </summary>
    public static IServiceCollection AddPanelCookieRules(this IServiceCollection services) =>
        services.Configure<AntiforgeryOptions>(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

    /// <summary>This request's script nonce: the same value in the page (the import map, the API page's script) and in its policy.</summary>
    public static string Nonce(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[NonceKey] is not string nonce)
        {
            // URL-safe base64: no '+' or '/' that HTML would write as entities in the page.
            nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
        }

        return nonce;
    }
}
