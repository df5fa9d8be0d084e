using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Web.Localization;
using PortFwd.Web.Settings;

namespace PortFwd.Web.Components.Pages;

/// <summary>The Settings page: the settings the panel can change, where each value comes from, save and reset.</summary>
public partial class SettingsPage
{
    private readonly SettingsDraft _draft = new();
    private IReadOnlyList<SettingState>? _states;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private bool _saving;

    [Inject]
    public required PanelSettings Settings { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override void OnInitialized()
    {
        Load();
        // Another tab or the API saved: show the new values and sources (what is being typed here is replaced).
        Follow(Settings.Updates, refresh: () =>
        {
            Load();
            return Task.CompletedTask;
        });
    }

    private void Load()
    {
        _states = Settings.Current();
        _draft.Load(_states);
    }

    private async Task SaveAsync()
    {
        var (changes, errors) = _draft.Changes();
        if (errors.Count > 0)
        {
            // The draft only finds numbers that are not numbers; say so in the page's language.
            _errors = errors.ToDictionary(e => e.Key, e => new[] { L["Settings.WholeNumber", SettingFields.Find(e.Key) is { } field ? LabelOf(field) : e.Key].Value });
            return;
        }

        if (changes.Count == 0)
        {
            _errors = new Dictionary<string, string[]>();
            Snackbar.Add(L["Settings.NothingToSave"], Severity.Info);
            return;
        }

        await RunAsync(changes, L["Settings.Saved", Names(changes)]);
    }

    private Task ResetAsync(SettingField field) => RunAsync([new SettingChange(field.Name, null)], L["Settings.WasReset", LabelOf(field)]);

    private async Task RunAsync(List<SettingChange> changes, string done)
    {
        _saving = true;
        try
        {
            var result = await Settings.SaveAsync(changes, Aborted);
            // Coded messages in the page's language; the API answers the same ones in English.
            _errors = result.Messages.ToDictionary(e => e.Key, e => e.Value.Select(m => MessageText.Localize(m, L, MessageText.ServicePrefix)).ToArray());
            if (result.IsSuccess)
            {
                Load();
                Snackbar.Add(done, Severity.Success);
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private string Names(List<SettingChange> changes) =>
        string.Join(", ", changes.Select(c => SettingFields.Find(c.Field) is { } field ? LabelOf(field) : c.Field));

    private string? ErrorOf(SettingField field) => _errors.TryGetValue(field.Name, out var messages) ? string.Join(" ", messages) : null;

    private static string SourceName(SettingSource source) => source.ToString().ToLowerInvariant();

    private string SourceText(SettingSource source) => source switch
    {
        SettingSource.Panel => L["Settings.Source.Panel"],
        SettingSource.Configuration => L["Settings.Source.Configuration"],
        _ => L["Settings.Source.Default"],
    };

    /// <summary>The resource key of a setting's words: its field name, which the API names it by too.</summary>
    internal static string FieldKey(SettingField field) => "Settings.Field." + field.Name;

    /// <summary>The resource key of a group's heading (the groups are named in English in <see cref="SettingFields"/> for the API).</summary>
    internal static string GroupKey(string group) => group switch
    {
        SettingFields.RouterGroup => "Settings.Group.Router",
        SettingFields.ForwardingGroup => "Settings.Group.Forwarding",
        SettingFields.TrafficGroup => "Settings.Group.Traffic",
        SettingFields.PublicAddressGroup => "Settings.Group.PublicAddress",
        SettingFields.ReachabilityGroup => "Settings.Group.Reachability",
        SettingFields.AuditGroup => "Settings.Group.Audit",
        SettingFields.SessionsGroup => "Settings.Group.Sessions",
        _ => group,
    };

    private string GroupText(string group) => L[GroupKey(group)] is { ResourceNotFound: false } text ? text : group;

    private string LabelOf(SettingField field) => L[FieldKey(field)] is { ResourceNotFound: false } text ? text : field.Label;

    private string HelpOf(SettingField field) => L[FieldKey(field) + ".Help"] is { ResourceNotFound: false } text ? text : field.Help;

    private static Color SourceColor(SettingSource source) => source switch
    {
        SettingSource.Panel => Color.Primary,
        SettingSource.Configuration => Color.Info,
        _ => Color.Default,
    };
}
