using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Web.Components.Rules;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Components.Pages;

/// <summary>The router page: the router found, its public address, and every mapping on it.</summary>
public partial class RouterPage
{
    private RouterReport? _report;
    private bool _loading;
    private IReadOnlyDictionary<int, RouterRuleStatus>? _statusesShown;

    [Inject]
    public required RouterStatusBoard Board { get; init; }

    [Inject]
    public required RouterTable Table { get; init; }

    [Inject]
    public required RouterConnection Connection { get; init; }

    [Inject]
    public required PublicAddress PublicAddress { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Follow(Board.Updates, refresh: OnRouterChangedAsync);
        // The NAT kind is read when rendering; the banner follows it by itself.
        Follow(PublicAddress.Updates);
        Follow(TimeZone.Updates);
        await RefreshAsync();
    }

    private string StateText(RouterReport s) => s.State switch
    {
        RouterState.Found => L["Router.State.Found"],
        RouterState.Off => L["Router.State.Off", MessageText.Service(s.Reason, s.Message, L)!],
        RouterState.Searching => L["Router.State.Searching"],
        _ => L["Router.State.NotFound", MessageText.Service(s.Reason, s.Message, L)!],
    };

    private async Task OnRouterChangedAsync()
    {
        // Keep the router's table while only the check time changes; read it again when the router, its public address
        // or our mappings changed (a router found after the client was switched on in Settings, a rule mapped).
        var snapshot = Board.Snapshot;
        if (_report is not null && !_loading
            && (snapshot.State != _report.State || snapshot.ExternalAddress?.ToString() != _report.ExternalAddress || !ReferenceEquals(Board.RuleStatuses, _statusesShown)))
        {
            await RefreshAsync();
        }
    }

    private async Task RefreshAsync()
    {
        _loading = true;
        StateHasChanged();
        try
        {
            _statusesShown = Board.RuleStatuses;
            _report = await Table.ReportAsync(Aborted);
        }
        finally
        {
            _loading = false;
            StateHasChanged();
        }
    }

    private void SearchAgain()
    {
        Connection.SearchAgain();
        Snackbar.Add(L["Router.SearchingAgain"], Severity.Info);
    }

    private async Task DeleteAsync(RouterMappingView mapping)
    {
        var deleted = await Table.DeleteOurMappingAsync(mapping.Protocol, mapping.ExternalPort, Aborted);
        if (deleted.IsSuccess)
        {
            Snackbar.Add(L[mapping.RuleId is null ? "Router.Mappings.Deleted" : "Router.Mappings.DeletedComesBack", mapping.ExternalPort, mapping.Protocol.ToJsonName()], Severity.Info);
        }
        else
        {
            Snackbar.Add(L["Router.Mappings.CouldNotDelete", deleted.Error.Message], Severity.Error);
        }

        await RefreshAsync();
    }

    private async Task AdoptAsync(RouterMappingView mapping)
    {
        var parameters = new DialogParameters<RuleDialog> { { d => d.Draft, MappingAdoption.DraftFrom(mapping) }, { d => d.AdoptsMapping, true } };
        var dialog = await Dialogs.ShowAsync<RuleDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: ForwardingRule saved })
        {
            Snackbar.Add(L["Router.Mappings.Adopted", saved.Name], Severity.Success);
        }
    }
}
