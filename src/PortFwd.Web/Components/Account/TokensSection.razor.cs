using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Accounts;
using PortFwd.Web.Accounts;
using PortFwd.Web.Accounts.Tokens;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Components.Account;

/// <summary>
/// The Account page's API tokens: the signed-in account's tokens with Revoke (after a confirmation), and a form that
/// makes a new one and shows its secret this once, with a copy button. The session already passed the sign-in (and its
/// code, with two-factor on), so the form asks for no password; every token made or revoked is in the audit log. The
/// list follows tokens made and revoked elsewhere (another tab, the API) as they happen.
/// </summary>
public partial class TokensSection : IAsyncDisposable
{
    /// <summary>The expiries the form offers; ten years is the longest the API takes.</summary>
    internal static readonly int[] ExpiryChoices = [7, TokenDraft.DefaultExpiresInDays, 90, 365, TokenDraft.MaxExpiresInDays];

    private IReadOnlyList<TokenInfo>? _tokens;
    private Dictionary<string, ValidationMessage> _errors = [];
    private IssuedToken? _issued;
    private ElementReference _secretElement;
    private IJSObjectReference? _copy;
    private string? _copyNote;
    private string? _name;
    private ApiTokenScope _scope = ApiTokenScope.Read;
    private int _expiresInDays = TokenDraft.DefaultExpiresInDays;
    private int? _accountId;
    private bool _busy;

    [Inject]
    public required ApiTokens Tokens { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Follow(TimeZone.Updates);
        if (AuthenticationState is not null)
        {
            _accountId = AccountClaims.AccountId((await AuthenticationState).User);
        }

        // Tokens made or revoked in another tab or through the API show here as they happen.
        Follow(Tokens.Updates, TimeSpan.FromMilliseconds(250), LoadAsync);

        await LoadAsync();
    }

    private async Task LoadAsync() => _tokens = _accountId is { } id ? await Tokens.ListAsync(id, Aborted) : [];

    /// <summary>"7 days", "1 year", "10 years": whole years in years.</summary>
    private string ExpiryText(int days) => days % 365 == 0
        ? (days == 365 ? L["Account.Tokens.OneYear"] : L["Account.Tokens.Years", days / 365])
        : L["Account.Tokens.Days", days];

    private string? Error(string field) => _errors.TryGetValue(field, out var message) ? MessageText.Service(message, message.Text, L) : null;

    private async Task CreateAsync()
    {
        if (_accountId is not { } accountId)
        {
            return;
        }

        var (draft, errors) = TokenDraft.CheckWithCodes(_name ?? "", TokenScopes.Name(_scope), _expiresInDays);
        _errors = errors;
        if (draft is null)
        {
            return;
        }

        _busy = true;
        try
        {
            // The circuit's actor (this user, on the panel, from the browser's address) is the entry's.
            var issue = await Tokens.IssueAsync(accountId, draft, by: null, Aborted);
            if (issue.Issued is null)
            {
                _errors = new() { ["name"] = AccountMessages.TokenNameTaken.With(issue.TakenName!) };
                return;
            }

            _issued = issue.Issued;
            _copyNote = null;
            _name = null;
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyAsync()
    {
        _copy ??= await JS.InvokeAsync<IJSObjectReference>("import", Aborted, "./js/copy-text.js");
        var copied = await _copy.InvokeAsync<bool>("copyText", Aborted, _secretElement);
        _copyNote = copied ? L["Account.Tokens.Copied"] : L["Account.Tokens.CopyByHand"];
    }

    private async Task RevokeAsync(TokenInfo token)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Account.Tokens.RevokeTitle"],
            L["Account.Tokens.RevokeQuestion", token.Name], yesText: L["Account.Tokens.Revoke"], cancelText: L["Common.Cancel"]);
        if (confirmed != true || _accountId is not { } accountId)
        {
            return;
        }

        _busy = true;
        try
        {
            await Tokens.RevokeAsync(accountId, token.Id, Aborted);
            if (_issued?.Token.Id == token.Id)
            {
                _issued = null;
            }

            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_copy is not null)
        {
            try
            {
                await _copy.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }

        GC.SuppressFinalize(this);
    }
}
