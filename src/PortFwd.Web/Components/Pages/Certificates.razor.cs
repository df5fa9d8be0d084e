using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;
using PortFwd.Data.Certificates;
using PortFwd.Web.Certificates;
using PortFwd.Web.Certificates.Acme;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Components.Pages;

/// <summary>The Certificates page: every stored certificate with its expiry and last renewal, Renew now and Delete, and the ACME CA in use with the staging switch.</summary>
public partial class Certificates
{
    private IReadOnlyList<CertificateSummary>? _certificates;
    private IReadOnlyDictionary<int, string> _ruleNames = new Dictionary<int, string>();

    [Inject]
    public required CertificateService Service { get; init; }

    [Inject]
    public required AcmeIssuer Issuer { get; init; }

    [Inject]
    public required AcmeProgress Progress { get; init; }

    [Inject]
    public required AcmeAccountStore Account { get; init; }

    [Inject]
    public required IRuleSource Rules { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Follow(Service.Updates, TimeSpan.FromMilliseconds(250), LoadAsync);
        Follow(Progress.Updates, TimeSpan.FromMilliseconds(250));
        Follow(Account.Updates);
        Follow(TimeZone.Updates);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _certificates = await Service.ListAsync(Aborted);
        _ruleNames = (await Rules.GetAllAsync(Aborted)).ToDictionary(r => r.Id, r => r.Name);
    }

    private string RuleName(int id) => _ruleNames.TryGetValue(id, out var name) ? name : $"#{id}";

    private string SourceText(CertificateSource source) => source switch
    {
        // Names of the protocol and the CA, the same in every language.
        CertificateSource.Acme => "ACME (Let's Encrypt)",
        CertificateSource.SelfSigned => L["RuleForm.TlsSelfSigned"],
        _ => L["Certificates.Uploaded"],
    };

    /// <summary>"in 42 days", "in 5 hours", "3 days ago".</summary>
    private string Relative(DateTimeOffset at)
    {
        var left = at - Time.GetUtcNow();
        var span = left.Duration();
        var amount = span.TotalDays >= 2 ? L["Certificates.Days", (int)span.TotalDays]
            : span.TotalHours >= 2 ? L["Certificates.Hours", (int)span.TotalHours]
            : L["Certificates.Minutes", Math.Max(1, (int)span.TotalMinutes)];
        return L[left >= TimeSpan.Zero ? "Certificates.In" : "Certificates.ExpiredAgo", amount.Value];
    }

    private async Task UploadAsync()
    {
        var dialog = await Dialogs.ShowAsync<PortFwd.Web.Components.Certificates.CertificateUploadDialog>(L["Certificates.UploadTitle"]);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Certificates.UploadedNotice", L["RuleForm.TlsUploaded"].Value], Severity.Success);
            await LoadAsync();
        }
    }

    private async Task SetStagingAsync(bool on)
    {
        await Account.SetUseStagingAsync(on, Aborted);
        Snackbar.Add(L[on ? "Certificates.NowStaging" : "Certificates.NowProduction"], Severity.Info);
    }

    private async Task RenewAsync(StoredCertificate certificate)
    {
        var request = await Issuer.RenewNowAsync(certificate.Id, Aborted);
        var (message, severity) = request switch
        {
            RenewRequest.Started => ("Certificates.RenewalStarted", Severity.Info),
            RenewRequest.AlreadyRunning => ("Certificates.RenewalRunning", Severity.Warning),
            RenewRequest.Off => ("Certificates.NoAcmeCa", Severity.Error),
            _ => ("Certificates.CannotRenew", Severity.Error),
        };
        Snackbar.Add(L[message], severity);
    }

    private async Task DeleteAsync(StoredCertificate certificate)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Certificates.DeleteTitle"], L["Certificates.DeleteQuestion", string.Join(", ", certificate.Names)],
            yesText: L["Common.Delete"], cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var deleted = await Service.DeleteAsync(certificate.Id, Aborted);
        Snackbar.Add(deleted.IsSuccess ? L["Certificates.Deleted"] : MessageText.Localize(deleted.Error.Said, L, MessageText.ServicePrefix), deleted.IsSuccess ? Severity.Info : Severity.Error);
        await LoadAsync();
    }
}
