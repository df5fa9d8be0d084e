using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Audit;
using PortFwd.Data.Settings;
using PortFwd.Data.Storage;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Settings;

/// <summary>Where a setting's value comes from, from weakest to strongest.</summary>
public enum SettingSource
{
    /// <summary>Nothing sets it: the built-in default.</summary>
    Default,

    /// <summary>appsettings.json, the environment or the command line.</summary>
    Configuration,

    /// <summary>Saved on the panel's Settings page (or through <c>PUT /api/settings</c>).</summary>
    Panel,
}

/// <summary>A setting as it is now: its value, where that comes from, and what it would be without the panel's value.</summary>
public sealed record SettingState(SettingField Field, object Value, SettingSource Source, object ResetTo);

/// <summary>One change asked for: a new value (bool, int, string or a list of strings, by the field's kind), or null to reset.</summary>
public sealed record SettingChange(string Field, object? Value);

/// <summary>How a save ended: saved, or field → messages (and nothing was saved), coded for the page.</summary>
public sealed record SettingsSaveResult(IReadOnlyDictionary<string, ValidationMessage[]> Messages)
{
    public bool IsSuccess => Messages.Count == 0;

    /// <summary>The messages in English, as the API answers them.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } =
        Messages.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Text).ToArray(), StringComparer.Ordinal);
}

/// <summary>A whole set of saved values, checked: the keys and text to store, or field → messages.</summary>
public sealed record SettingsReplacement(IReadOnlyDictionary<string, string> Rows, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads and changes the settings the panel can change (<see cref="SettingFields"/>). A change is checked by binding and
/// validating the options exactly as the start does, with the new values in place; only when every value passes is it
/// stored (all or nothing) with its audit entry (each changed field's value before and after) and the configuration
/// reloaded, and every <c>IOptionsMonitor</c> follows.
/// </summary>
public sealed partial class PanelSettings(IConfiguration configuration, PanelSettingStore store, AuditTrail audit, ILogger<PanelSettings> logger)
{
    /// <summary>More list items than this is a mistake, not a setting.</summary>
    public const int MaxListItems = 20;

    /// <summary>Serializes every write of the saved settings with its checks; a restore holds it too.</summary>
    public WriteGate Writes { get; } = new();

    /// <summary>Told after every save.</summary>
    public ChangeFeed Updates { get; } = new();

    private IConfigurationRoot Root => configuration as IConfigurationRoot
        ?? throw new InvalidOperationException("The panel's configuration is not a configuration root.");

    private PanelSettingsProvider Provider => Root.Providers.OfType<PanelSettingsProvider>().LastOrDefault()
        ?? throw new InvalidOperationException("The panel's settings source is not part of the configuration (AddPanelSettings).");

    /// <summary>Every setting's value and source, in page order.</summary>
    public IReadOnlyList<SettingState> Current()
    {
        var live = new SettingsView(configuration);
        using var lower = ConfigurationLayers.WithoutPanel(Root);
        var withoutPanel = new SettingsView(lower);
        var provider = Provider;
        return [.. SettingFields.All.Select(f => new SettingState(f, f.Read(live), SourceOf(f, provider, lower), f.Read(withoutPanel)))];
    }

    /// <summary>Checks <paramref name="changes"/> together and saves them when every one passes; nothing changes otherwise.</summary>
    public async Task<SettingsSaveResult> SaveAsync(IReadOnlyCollection<SettingChange> changes, CancellationToken cancellationToken)
    {
        var (rows, fields, errors) = RowsFor(changes);
        if (errors.Count > 0 || rows.Count == 0)
        {
            return Result(errors);
        }

        using (await Writes.EnterAsync(cancellationToken))
        {
            var provider = Provider;
            var after = Check(Candidate(provider, rows), fields, errors);
            if (errors.Count > 0)
            {
                return Result(errors);
            }

            var live = new SettingsView(configuration);
            var before = fields.DistinctBy(f => f.Name).ToDictionary(f => f.Name, f => f.Read(live), StringComparer.Ordinal);
            var entry = audit.Entry(AuditActions.SettingsChange, "settings " + string.Join(", ", before.Keys), before, after);
            await store.ChangeAsync(rows, entry, cancellationToken);
            provider.Reload();
        }

        LogSaved(logger, string.Join(", ", fields.Select(f => f.Name)));
        Updates.Notify();
        return Result(errors);
    }

    /// <summary>
    /// Checks <paramref name="values"/> as the panel's whole set of saved values (a restore: every field not given goes back to
    /// its configuration or default value), as <see cref="SaveAsync"/> checks a change. Stores nothing.
    /// </summary>
    /// <returns>The rows to store in place of every saved one, or the errors per field.</returns>
    public SettingsReplacement CheckReplacement(IReadOnlyCollection<SettingChange> values)
    {
        var (rows, fields, errors) = RowsFor(values);
        var candidate = rows.Values.SelectMany(r => r).ToDictionary(r => r.Key, r => r.Value, StringComparer.OrdinalIgnoreCase);
        if (errors.Count == 0)
        {
            Check(candidate, fields, errors);
        }

        return new SettingsReplacement(errors.Count > 0 ? [] : candidate, Result(errors).Errors);
    }

    /// <summary>After a restore stored the saved values itself: every <c>IOptionsMonitor</c> follows them, and the pages too.</summary>
    public void Reload(IEnumerable<string> fieldNames)
    {
        Provider.Reload();
        LogSaved(logger, string.Join(", ", fieldNames));
        Updates.Notify();
    }

    private static (Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> Rows, List<SettingField> Fields, Dictionary<string, List<ValidationMessage>> Errors) RowsFor(
        IReadOnlyCollection<SettingChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var errors = new Dictionary<string, List<ValidationMessage>>(StringComparer.Ordinal);
        var rows = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>(StringComparer.OrdinalIgnoreCase);
        var fields = new List<SettingField>();
        foreach (var change in changes)
        {
            if (SettingFields.Find(change.Field) is not { } field)
            {
                Add(errors, change.Field, SettingsMessages.NoSuchSetting.With(change.Field, string.Join(", ", SettingFields.All.Select(f => f.Name))));
            }
            else if (RowsOf(field, change.Value, out var fieldRows) is { } problem)
            {
                Add(errors, field.Name, problem);
            }
            else
            {
                rows[field.Key] = fieldRows;
                fields.Add(field);
            }
        }

        return (rows, fields, errors);
    }

    /// <summary>
    /// Binds and validates the options with <paramref name="candidate"/> as the panel's layer, as the start does; answers
    /// the values <paramref name="fields"/> would then have.
    /// </summary>
    private Dictionary<string, object> Check(IReadOnlyDictionary<string, string> candidate, List<SettingField> fields, Dictionary<string, List<ValidationMessage>> errors)
    {
        using var tried = ConfigurationLayers.WithPanel(Root, candidate);
        var view = new SettingsView(tried);
        foreach (var problem in view.Problems())
        {
            Add(errors, FieldOf(problem.Text, fields), problem);
        }

        return fields.DistinctBy(f => f.Name).ToDictionary(f => f.Name, f => f.Read(view), StringComparer.Ordinal);
    }

    /// <summary>The rows a field's new value is saved as; empty to reset. A message when the value is of the wrong kind.</summary>
    private static ValidationMessage? RowsOf(SettingField field, object? value, out IReadOnlyList<KeyValuePair<string, string>> rows)
    {
        rows = [];
        switch (field.Kind, value)
        {
            case (_, null):
                return null;
            case (SettingKind.Switch, bool b):
                rows = [new(field.Key, SettingFields.Text(b))];
                return null;
            case (SettingKind.Number, int n):
                rows = [new(field.Key, SettingFields.Text(n))];
                return null;
            case (SettingKind.Text, string text):
                if (text.Length > PanelSetting.MaxValueLength)
                {
                    return SettingsMessages.TooLong.With(field.Name, PanelSetting.MaxValueLength);
                }

                rows = [new(field.Key, text.Trim())];
                return null;
            case (SettingKind.List, IEnumerable<string> items):
                var kept = items.Select(i => i.Trim()).Where(i => i.Length > 0).ToList();
                if (kept.Count > MaxListItems || kept.Any(i => i.Length > PanelSetting.MaxValueLength))
                {
                    return SettingsMessages.TooManyItems.With(field.Name, MaxListItems, PanelSetting.MaxValueLength);
                }

                // No items is a value of its own ("none"), saved as the empty list the configuration binds.
                rows = kept.Count == 0 ? [new(field.Key, "")] : [.. kept.Select((item, i) => KeyValuePair.Create($"{field.Key}:{i}", item))];
                return null;
            default:
                return ValidationMessage.Plain(WrongKind(field));
        }
    }

    /// <summary>What a field's value must be, in words and with an example.</summary>
    public static string WrongKind(SettingField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Kind switch
        {
            SettingKind.Switch => $"{field.Name} must be true or false (or null to reset it).",
            SettingKind.Number => $"{field.Name} must be a whole number, like {SettingFields.Text(field.Read(new SettingsView(EmptyConfiguration)))} (or null to reset it).",
            SettingKind.Text => $"{field.Name} must be text in quotes (or null to reset it).",
            _ => $"{field.Name} must be a list of text in quotes, like [\"https://api.ipify.org/\"] (or null to reset it).",
        };
    }

    private static readonly IConfiguration EmptyConfiguration = new ConfigurationBuilder().Build();

    /// <summary>The panel's saved values with <paramref name="rows"/> in place of what was saved under their keys.</summary>
    private static Dictionary<string, string> Candidate(PanelSettingsProvider provider, Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> rows)
    {
        var candidate = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in provider.Saved)
        {
            if (value is not null && !rows.Keys.Any(k => key.Equals(k, StringComparison.OrdinalIgnoreCase)
                || key.StartsWith(k + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)))
            {
                candidate[key] = value;
            }
        }

        foreach (var (key, value) in rows.Values.SelectMany(r => r))
        {
            candidate[key] = value;
        }

        return candidate;
    }

    private static SettingSource SourceOf(SettingField field, PanelSettingsProvider panel, IConfiguration lower)
    {
        if (panel.TryGet(field.Key, out _) || panel.GetChildKeys([], field.Key).Any())
        {
            return SettingSource.Panel;
        }

        var section = lower.GetSection(field.Key);
        return section.Value is not null || section.GetChildren().Any() ? SettingSource.Configuration : SettingSource.Default;
    }

    /// <summary>The field a problem sentence is about (it starts with the key); the changed one when several could be.</summary>
    private static string FieldOf(string problem, List<SettingField> changed)
    {
        var about = SettingFields.All.FirstOrDefault(f => problem.StartsWith(f.Key + " ", StringComparison.OrdinalIgnoreCase)
            || problem.StartsWith(f.Key + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)
            || problem.Contains($"'{f.Key}'", StringComparison.OrdinalIgnoreCase));
        return about?.Name ?? (changed.Count == 1 ? changed[0].Name : "");
    }

    private static void Add(Dictionary<string, List<ValidationMessage>> errors, string field, ValidationMessage message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    private static SettingsSaveResult Result(Dictionary<string, List<ValidationMessage>> errors) =>
        new(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    [LoggerMessage(EventId = EventIds.PanelSettingsSaved, Level = LogLevel.Information, Message = "Settings saved on the panel: {Fields}.")]
    private static partial void LogSaved(ILogger logger, string fields);
}
