using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;
using PortFwd.Data.Certificates;
using PortFwd.Web.Certificates;
using PortFwd.Web.Certificates.Acme;

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

    private static string SourceText(CertificateSource source) => source switch
    {
        CertificateSource.Acme => "ACME (Let's Encrypt)",
        CertificateSource.SelfSigned => "Self-signed",
        _ => "Uploaded",
    };

    /// <summary>"in 42 days", "in 5 hours", "3 days ago".</summary>
    private string Relative(DateTimeOffset at)
    {
        var left = at - Time.GetUtcNow();
        var span = left.Duration();
        var amount = span.TotalDays >= 2 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} days")
            : span.TotalHours >= 2 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} hours")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)span.TotalMinutes)} minutes");
        return left >= TimeSpan.Zero ? "in " + amount : "expired " + amount + " ago";
    }

    private async Task UploadAsync()
    {
        var dialog = await Dialogs.ShowAsync<PortFwd.Web.Components.Certificates.CertificateUploadDialog>("Upload a certificate");
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Certificate uploaded; choose it in an HTTP rule with HTTPS \"Uploaded certificate\".", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task SetStagingAsync(bool on)
    {
        await Account.SetUseStagingAsync(on, Aborted);
        Snackbar.Add(on ? "Certificates are now ordered from the staging CA." : "Certificates are now ordered from the production CA.", Severity.Info);
    }

    private async Task RenewAsync(StoredCertificate certificate)
    {
        var request = await Issuer.RenewNowAsync(certificate.Id, Aborted);
        var (message, severity) = request switch
        {
            RenewRequest.Started => ("Renewal started; the result shows in the list.", Severity.Info),
            RenewRequest.AlreadyRunning => ("A renewal of this certificate is already on its way.", Severity.Warning),
            RenewRequest.Off => ("No ACME CA is set (PortFwd:Acme:DirectoryUrl is empty).", Severity.Error),
            _ => ("This certificate cannot be renewed here.", Severity.Error),
        };
        Snackbar.Add(message, severity);
    }

    private async Task DeleteAsync(StoredCertificate certificate)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete certificate", $"Delete the certificate for {string.Join(", ", certificate.Names)}?",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var deleted = await Service.DeleteAsync(certificate.Id, Aborted);
        Snackbar.Add(deleted.IsSuccess ? "Certificate deleted." : deleted.Error.Message, deleted.IsSuccess ? Severity.Info : Severity.Error);
        await LoadAsync();
    }
}
