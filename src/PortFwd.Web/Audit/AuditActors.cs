using System.Net;
using System.Security.Claims;
using PortFwd.Data.Audit;
using PortFwd.Web.Accounts;
using PortFwd.Web.Accounts.Tokens;

namespace PortFwd.Web.Audit;

/// <summary>Who a request or a circuit acts as, for the audit log: the signed-in user (or the token's, with the token's name), and the client's address.</summary>
internal static class AuditActors
{
    public const string AnonymousName = "anonymous";

    /// <summary>The actor of a request: its user and how they signed in, and the address it came from.</summary>
    public static AuditActor For(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return For(http.User, http.Connection.RemoteIpAddress);
    }

    public static AuditActor For(ClaimsPrincipal? user, IPAddress? address)
    {
        var identity = user?.Identity;
        if (identity?.IsAuthenticated != true || string.IsNullOrEmpty(identity.Name))
        {
            return new AuditActor(AnonymousName, Text(address), AuditVia.Anonymous);
        }

        // A token's changes name the token too (never its secret): its owner can tell which script acted.
        return identity.AuthenticationType == ApiTokenAuthenticationHandler.SchemeName
            ? new AuditActor(identity.Name, Text(address), AuditVia.Token, user!.FindFirstValue(TokenScopes.TokenNameClaimType))
            : new AuditActor(identity.Name, Text(address), AuditVia.Panel);
    }

    /// <summary>An address as people write it: an IPv4 client on a dual-stack socket as plain IPv4.</summary>
    public static string? Text(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    /// <summary>Every API call and form post after sign-in acts as its user, so the stores record who made each change.</summary>
    public static IApplicationBuilder UseAuditActor(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        using (AuditTrail.Use(For(context)))
        {
            await next(context);
        }
    });
}
