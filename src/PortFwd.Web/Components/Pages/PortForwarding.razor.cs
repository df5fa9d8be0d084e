using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Data.Rules;
using PortFwd.Web.Components.Reachability;
using PortFwd.Web.Components.Rules;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Localization;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Reachability;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Components.Pages;

/// <summary>
/// The rules table: add, edit, switch, check and delete rules, with each rule's applied status and last reachability
/// check kept live. Saved rules, statuses and checks are followed through their feeds, so another browser's or the
/// API's change shows here too.
/// </summary>
public sealed partial class PortForwarding : LiveComponentBase
{
    // A burst of status changes (every rule at start, a failing rule retried each second) becomes a few renders.
    private static readonly TimeSpan StatusThrottle = TimeSpan.FromMilliseconds(250);

    /// <summary>Rows on one page of the table: a page of 1,000 rules, each with its switch, chips and buttons, is slow to render and to use.</summary>
    internal const int RowsPerPage = 25;

    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private List<ForwardingRule>? _rules;

    // What each rule opens on the router that is dangerous on the internet (its warning badge), by rule id.
    private Dictionary<int, IReadOnlyList<RouterRisk>> _risks = [];

    // The rules the search finds, and the page of them on screen.
    private List<ForwardingRule>? _shown;
    private string? _search;
    private int _page;

    [Inject]
    public required RuleStore Store { get; init; }

    [Inject]
    public required PanelPorts Panel { get; init; }

    [Inject]
    public required RuleListFeed RuleList { get; init; }

    [Inject]
    public required RuleStatusBoard Statuses { get; init; }

    [Inject]
    public required RouterStatusBoard Router { get; init; }

    [Inject]
    public required ReachabilityBoard Checks { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // Another browser or the API changed a rule: show it here too.
        Follow(RuleList.Updates, refresh: ReloadAsync);
        // The reconciler applied (or failed to apply) a rule: update its chip.
        Follow(Statuses.Updates, StatusThrottle);
        // The router reported a mapping or lease: update the router part of the chips.
        Follow(Router.Updates, StatusThrottle);
        // A check's steps answered (here, in another tab or through the API): update the rule's badge.
        Follow(Checks.Updates, StatusThrottle);
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _rules = [.. await Store.GetAllAsync(Aborted)];
        var context = Panel.ValidationContext();
        _risks = _rules.Select(r => (r.Id, Risks: RouterRisks.Of(r, context))).Where(r => r.Risks.Count > 0).ToDictionary(r => r.Id, r => r.Risks);
        _shown = RuleSearch.Filter(_rules, _search);
    }

    private Task SearchAsync(string? search)
    {
        _search = search;
        _shown = _rules is null ? null : RuleSearch.Filter(_rules, search);
        _page = 0;
        return Task.CompletedTask;
    }

    /// <summary>The badge's tooltip: each dangerous service the rule opens on the router.</summary>
    private string? RiskText(ForwardingRule rule) =>
        _risks.TryGetValue(rule.Id, out var risks) ? string.Join(" ", risks.Select(r => L["Rules.RiskTooltip", r.Port, ValidationText.Localize(r.ServiceSaid, L)].Value)) : null;

    private static string FormatTarget(ForwardingRule rule) => $"{rule.InternalHostForPort}:{rule.InternalPorts}";

    private static DialogOptions RuleDialogOptions() => new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };

    private async Task AddAsync()
    {
        var dialog = await Dialogs.ShowAsync<RuleDialog>((string?)null, RuleDialogOptions());
        if (await dialog.Result is { Canceled: false, Data: ForwardingRule saved })
        {
            Show(RuleNotices.Added(saved, L));
            await ReloadAsync();
        }
    }

    private async Task EditAsync(ForwardingRule rule)
    {
        var parameters = new DialogParameters<RuleDialog> { { d => d.Rule, rule } };
        var dialog = await Dialogs.ShowAsync<RuleDialog>(null, parameters, RuleDialogOptions());
        if (await dialog.Result is { Canceled: false, Data: ForwardingRule saved })
        {
            Show(RuleNotices.Saved(saved, L));
            await ReloadAsync();
        }
    }

    /// <summary>The rule's check in a dialog that follows it live; the check itself is not waited on.</summary>
    private async Task ShowCheckAsync(ForwardingRule rule)
    {
        var parameters = new DialogParameters<ReachabilityDialog> { { d => d.Rule, rule } };
        await Dialogs.ShowAsync<ReachabilityDialog>(null, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
    }

    private async Task SwitchAsync(ForwardingRule rule, bool enabled)
    {
        var result = await Store.SetEnabledAsync(rule.Id, enabled, await Panel.ValidationContextAsync(rule.ToDraft(), Aborted), Aborted);
        Show(RuleNotices.Switched(rule, enabled, result, L));
        await ReloadAsync();
    }

    private async Task DeleteAsync(ForwardingRule rule)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Rules.DeleteTitle"], RuleNotices.DeleteQuestion(rule, L), yesText: L["Common.Delete"], cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        Show(RuleNotices.Deleted(rule, await Store.DeleteAsync(rule.Id, Aborted), L));
        await ReloadAsync();
    }

    private void Show(RuleNotice? notice)
    {
        if (notice is not null)
        {
            Snackbar.Add(notice.Text, notice.Severity);
        }
    }
}
