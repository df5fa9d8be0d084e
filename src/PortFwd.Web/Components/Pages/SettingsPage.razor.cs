using Microsoft.AspNetCore.Components;
using MudBlazor;
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
            _errors = errors;
            return;
        }

        if (changes.Count == 0)
        {
            _errors = new Dictionary<string, string[]>();
            Snackbar.Add("Nothing to save: no setting was changed.", Severity.Info);
            return;
        }

        await RunAsync(changes, $"Saved {Names(changes)}; in use now.");
    }

    private Task ResetAsync(SettingField field) => RunAsync([new SettingChange(field.Name, null)], $"{field.Label} is reset.");

    private async Task RunAsync(List<SettingChange> changes, string done)
    {
        _saving = true;
        try
        {
            var result = await Settings.SaveAsync(changes, Aborted);
            _errors = result.Errors;
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
        string.Join(", ", changes.Select(c => SettingFields.Find(c.Field)?.Label ?? c.Field));

    private string? ErrorOf(SettingField field) => _errors.TryGetValue(field.Name, out var messages) ? string.Join(" ", messages) : null;

    private static string SourceName(SettingSource source) => source.ToString().ToLowerInvariant();

    private static string SourceText(SettingSource source) => source switch
    {
        SettingSource.Panel => "Saved here",
        SettingSource.Configuration => "appsettings / environment",
        _ => "Default",
    };

    private static Color SourceColor(SettingSource source) => source switch
    {
        SettingSource.Panel => Color.Primary,
        SettingSource.Configuration => Color.Info,
        _ => Color.Default,
    };
}
