using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Core.DynamicDns;
using PortFwd.Data.DynamicDns;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Components.Pages;

/// <summary>The Dynamic DNS page: the public address, the names with their last results, the form, and a name's history.</summary>
public partial class DynamicDns
{
    private IReadOnlyList<DdnsName>? _names;
    private DdnsDraft? _form;
    private int? _editingId;
    private bool _secretSet;
    private string? _confirmBy;
    private bool _saving;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private NameHistory? _history;

    [Inject]
    public required DdnsStore Store { get; init; }

    [Inject]
    public required DdnsUpdater Updater { get; init; }

    [Inject]
    public required PublicAddress PublicAddress { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    private DdnsProvider? FormProvider => DdnsProviderNames.TryParse(_form?.Provider, out var provider) ? provider : null;

    private string ServerHelp => FormProvider is { } provider && provider.DefaultServer() is { } server
        ? L["Ddns.ServerEmptyMeans", server]
        : L["Ddns.ServerHelp"];

    protected override async Task OnInitializedAsync()
    {
        Follow(Updater.Updates, TimeSpan.FromMilliseconds(250), LoadAsync);
        Follow(PublicAddress.Updates);
        Follow(TimeZone.Updates);
        await LoadAsync();
    }

    private string SourceText(PublicAddressSource source) => L[source == PublicAddressSource.Router ? "Ddns.FromRouter" : "Ddns.FromEchoService"];

    private static Color StatusColor(DdnsStatus? status) => status switch
    {
        DdnsStatus.Good or DdnsStatus.NoChange => Color.Success,
        DdnsStatus.Stopped => Color.Error,
        DdnsStatus.Retrying => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>An update's result in the page's language; one stored before results had codes, in its English.</summary>
    private string ResultText(DdnsUpdate update) => MessageText.Localize(update.Said, L, MessageText.ServicePrefix);

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task LoadAsync()
    {
        _names = await Store.GetAllAsync(Aborted);
        if (_history is { } history)
        {
            _history = history with { Updates = await Store.HistoryAsync(history.Id, Aborted) };
        }
    }

    private void Add()
    {
        _form = new DdnsDraft { Provider = DdnsProvider.NoIp.ToName() };
        _editingId = null;
        _secretSet = false;
        _confirmBy = null;
        _errors = new Dictionary<string, string[]>();
    }

    private void Edit(DdnsName name)
    {
        _form = Draft(name);
        _editingId = name.Id;
        _secretSet = name.ProtectedPassword is not null || name.ProtectedToken is not null;
        _confirmBy = name.ConfirmBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _errors = new Dictionary<string, string[]>();
    }

    private void Cancel() => _form = null;

    private async Task SaveAsync()
    {
        if (_form is not { } form)
        {
            return;
        }

        if (!string.IsNullOrEmpty(_confirmBy) && !DateOnly.TryParseExact(_confirmBy, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            _errors = new Dictionary<string, string[]> { [DdnsFields.ConfirmBy] = [L["Ddns.GiveDate"].Value] };
            return;
        }

        form.ConfirmBy = string.IsNullOrEmpty(_confirmBy) ? null : DateOnly.ParseExact(_confirmBy, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        _saving = true;
        try
        {
            var saved = _editingId is { } id ? await Store.UpdateAsync(id, form, Aborted) : await Store.CreateAsync(form, Aborted);
            if (!saved.IsSuccess)
            {
                _errors = saved.Outcome == DdnsSaveOutcome.NotFound
                    ? new Dictionary<string, string[]> { [DdnsFields.Hostname] = [L["Ddns.DeletedMeanwhile"].Value] }
                    : saved.FieldErrors;
                return;
            }

            Snackbar.Add(L["Ddns.Saved", saved.Name.HostName], Severity.Success);
            _form = null;
            await LoadAsync();
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task SwitchAsync(DdnsName name, bool enabled)
    {
        var draft = Draft(name);
        draft.Enabled = enabled;
        var saved = await Store.UpdateAsync(name.Id, draft, Aborted);
        if (!saved.IsSuccess)
        {
            Snackbar.Add(L["Ddns.CouldNotChange", name.HostName, string.Join(" ", saved.FieldErrors.SelectMany(e => e.Value))], Severity.Error);
        }

        await LoadAsync();
    }

    private async Task UpdateNowAsync(DdnsName name)
    {
        if (await Updater.UpdateNowAsync(name.Id, Aborted) is { } update)
        {
            Snackbar.Add($"{name.HostName}: {update.Status.ToName()}: {ResultText(update)}", update.Status.IsAccepted() ? Severity.Success : Severity.Warning);
        }

        await LoadAsync();
    }

    private async Task ShowHistoryAsync(DdnsName name) =>
        _history = new NameHistory(name.Id, name.HostName, await Store.HistoryAsync(name.Id, Aborted));

    private async Task DeleteAsync(DdnsName name)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Ddns.DeleteTitle"], L["Ddns.DeleteQuestion", name.HostName, name.Provider.ToDisplayName()],
            yesText: L["Common.Delete"], cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        if (await Store.DeleteAsync(name.Id, Aborted))
        {
            Snackbar.Add(L["Ddns.Deleted", name.HostName], Severity.Info);
        }

        if (_history?.Id == name.Id)
        {
            _history = null;
        }

        await LoadAsync();
    }

    /// <summary>A saved name as the form starts from: its settings, no secrets (empty keeps the stored ones).</summary>
    private static DdnsDraft Draft(DdnsName name) => new()
    {
        Provider = name.Provider.ToName(),
        Hostname = name.HostName,
        Username = name.Username,
        Server = name.Server,
        Ipv4 = name.Ipv4,
        Ipv6 = name.Ipv6,
        Enabled = name.Enabled,
        ConfirmBy = name.ConfirmBy,
    };

    private sealed record NameHistory(int Id, string HostName, IReadOnlyList<DdnsUpdate> Updates);
}
