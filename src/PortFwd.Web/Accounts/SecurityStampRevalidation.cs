using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using PortFwd.Web.Accounts.Sessions;

namespace PortFwd.Web.Accounts;

/// <summary>
/// A page left open keeps its circuit after its cookie stopped working (a password change elsewhere, its session ended or
/// past its limits): the circuit's user is checked against the account's security stamp and its session every minute,
/// and a page whose check fails is signed out too. A session ended in this process signs its pages out at once.
/// </summary>
internal sealed class SecurityStampRevalidation : RevalidatingServerAuthenticationStateProvider
{
    private readonly SecurityStamps _stamps;
    private readonly PanelSessions _sessions;

    public SecurityStampRevalidation(ILoggerFactory loggerFactory, SecurityStamps stamps, PanelSessions sessions)
        : base(loggerFactory)
    {
        _stamps = stamps;
        _sessions = sessions;
        _sessions.Ended += OnSessionsEnded;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.Identity?.IsAuthenticated != true
            || (await _stamps.IsCurrentAsync(authenticationState.User, cancellationToken)
                && await _sessions.IsActiveAsync(authenticationState.User, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sessions.Ended -= OnSessionsEnded;
        }

        base.Dispose(disposing);
    }

    private void OnSessionsEnded(IReadOnlySet<string> keyHashes) => _ = SignOutIfEndedAsync(keyHashes);

    private async Task SignOutIfEndedAsync(IReadOnlySet<string> keyHashes)
    {
        AuthenticationState state;
        try
        {
            state = await GetAuthenticationStateAsync();
        }
        catch (InvalidOperationException)
        {
            // The circuit has no user yet: its first check reads the session as it is now.
            return;
        }

        if (PanelSessions.KeyHashOf(state.User) is { } hash && keyHashes.Contains(hash))
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        }
    }
}
