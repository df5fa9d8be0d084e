using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PortFwd.Web.Accounts;
using PortFwd.Web.Accounts.TwoFactor;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Components.Pages;

/// <summary>
/// The Account page: two-factor sign-in (enrol with a QR code and a key, confirm with a code, recovery codes shown
/// once; turn off with the password and a code) and the change-password form.
/// </summary>
public partial class AccountPage
{
    private TwoFactorStatus? _status;
    private TwoFactorEnrolment? _enrolment;
    private IReadOnlyList<string>? _recoveryCodes;
    private string? _enrolCode;
    private string? _disablePassword;
    private string? _disableCode;
    private string? _error;
    private string? _userName;
    private int? _accountId;
    private bool _busy;

    [Inject]
    public required TwoFactorService TwoFactor { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    [SupplyParameterFromQuery(Name = "password")]
    public string? PasswordChanged { get; set; }

    /// <summary>A refused change's code (<see cref="AccountMessages.PasswordChangeAnswer"/>); anything else is not shown.</summary>
    [SupplyParameterFromQuery(Name = "passwordError")]
    public string? PasswordError { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
        {
            var user = (await AuthenticationState).User;
            _userName = user.Identity?.Name;
            _accountId = AccountClaims.AccountId(user);
        }

        await LoadAsync();
    }

    private async Task LoadAsync() =>
        _status = _accountId is { } id ? await TwoFactor.StatusAsync(id, CancellationToken.None) : new TwoFactorStatus(false, 0);

    private void Begin()
    {
        _error = null;
        _enrolCode = null;
        _enrolment = TwoFactorService.Begin(_userName ?? AccountService.DefaultUserName);
    }

    private async Task ConfirmAsync()
    {
        if (_enrolment is null || _accountId is not { } id)
        {
            return;
        }

        await RunAsync(async () =>
        {
            var change = await TwoFactor.EnableAsync(id, _enrolment, _enrolCode, CancellationToken.None);
            if (change.IsSuccess)
            {
                _enrolment = null;
                _recoveryCodes = change.RecoveryCodes;
            }

            return change;
        });
    }

    private Task DisableAsync() => _accountId is { } id
        ? RunAsync(async () =>
        {
            var change = await TwoFactor.DisableAsync(id, _disablePassword, _disableCode, CancellationToken.None);
            if (change.IsSuccess)
            {
                _disablePassword = _disableCode = null;
            }

            return change;
        })
        : Task.CompletedTask;

    private async Task RunAsync(Func<Task<TwoFactorChange>> change)
    {
        _busy = true;
        try
        {
            var result = await change();
            _error = MessageText.Service(result.Reason, result.Error, L);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
