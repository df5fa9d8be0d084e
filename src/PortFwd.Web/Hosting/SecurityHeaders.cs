using System.Security.Cryptography;

namespace PortFwd.Web.Hosting;

/// <summary>Headers that keep the panel out of frames and stop content sniffing; the API page may load only the panel's own files.</summary>
internal static class SecurityHeaders
{
    private static readonly object NonceKey = new();

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        if (context.Request.Path.StartsWithSegments(ApiSetup.ApiDocsPath))
        {
            // The API page is a script bundle of its own: it may run only its scripts from this panel (the inline one
            // carries the nonce), talk only to this panel and load nothing from the internet.
            headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' 'nonce-{ApiDocsNonce(context)}'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        }

        await next(context);
    });

    /// <summary>The API page's script nonce for this request: the same value in the page and in its policy.</summary>
    public static string ApiDocsNonce(HttpContext context)
    {
        if (context.Items[NonceKey] is not string nonce)
        {
            nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
        }

        return nonce;
    }
}
