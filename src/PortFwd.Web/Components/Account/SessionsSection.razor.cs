using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using PortFwd.Web.Accounts;
using PortFwd.Web.Accounts.Sessions;

namespace PortFwd.Web.Components.Account;

/// <summary>
/// The Account page's signed-in browsers: each with its device, address, sign-in and last-seen times, this browser
/// marked; "Sign out" per browser, "Sign out everywhere else", and "Sign out everywhere" (this one too). The list
/// follows sign-ins and sign-outs as they happen.
/// </summary>
public partial class SessionsSection
{
    private IReadOnlyList<SessionInfo>? _sessions;
    private ClaimsPrincipal? _user;
    private int? _accountId;
    private string? _message;
    private bool _busy;

    [Inject]
    public required PanelSessions Sessions { get; init; }

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    [Inject]
    public required IOptionsMonitor<PanelSessionOptions> Options { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    private PanelSessionOptions Limits => Options.CurrentValue;

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
        {
            _user = (await AuthenticationState).User;
            _accountId = AccountClaims.AccountId(_user);
        }

        Follow(TimeZone.Updates);
        Follow(Sessions.Updates, TimeSpan.FromMilliseconds(250), LoadAsync);
        await LoadAsync();
    }

    private async Task LoadAsync() =>
        _sessions = _accountId is { } id ? await Sessions.ListAsync(id, _user, Aborted) : [];

    private Task EndAsync(int sessionId) => RunAsync(async id =>
    {
        var ended = await Sessions.EndAsync(id, sessionId, Aborted);
        return ended ? L["Account.Sessions.Ended"] : L["Account.Sessions.AlreadyEnded"];
    });

    private Task EndOthersAsync() => RunAsync(async id =>
    {
        var ended = await Sessions.EndOthersAsync(id, _user, Aborted);
        return ended == 1 ? L["Account.Sessions.OneOtherEnded"] : L["Account.Sessions.OthersEnded", ended];
    });

    /// <summary>Every browser, this one too: its page follows the session's end to the sign-in page.</summary>
    private Task EndAllAsync() => RunAsync(async id =>
    {
        await Sessions.EndOthersAsync(id, keep: null, Aborted);
        return null;
    });

    private async Task RunAsync(Func<int, Task<string?>> action)
    {
        if (_accountId is not { } id)
        {
            return;
        }

        _busy = true;
        try
        {
            _message = await action(id);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
