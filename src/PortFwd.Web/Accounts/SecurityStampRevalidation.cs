using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace PortFwd.Web.Accounts;

/// <summary>
/// A page left open keeps its circuit after its cookie stopped working (a password change elsewhere): the circuit's
/// user is checked against the account's security stamp every minute, and an old one is signed out of the page too.
/// </summary>
internal sealed class SecurityStampRevalidation(ILoggerFactory loggerFactory, SecurityStamps stamps)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.Identity?.IsAuthenticated == true
            ? stamps.IsCurrentAsync(authenticationState.User, cancellationToken)
            : Task.FromResult(true);
}
