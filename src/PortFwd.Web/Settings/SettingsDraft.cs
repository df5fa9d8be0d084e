using System.Globalization;

namespace PortFwd.Web.Settings;

/// <summary>
/// What the Settings page edits: each setting as the user types it (numbers and lists as text, a list one item a
/// line), compared with the values it was loaded with so that only what the user changed is saved.
/// </summary>
public sealed class SettingsDraft
{
    private readonly Dictionary<string, string> _loaded = new(StringComparer.Ordinal);

    /// <summary>The text of each text, number and list setting, by field name.</summary>
    public Dictionary<string, string> Text { get; } = new(StringComparer.Ordinal);

    /// <summary>Each switch, by field name.</summary>
    public Dictionary<string, bool> Switch { get; } = new(StringComparer.Ordinal);

    /// <summary>Takes the current values (after loading and after each save).</summary>
    public void Load(IEnumerable<SettingState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        foreach (var state in states)
        {
            var text = Display(state.Value);
            _loaded[state.Field.Name] = text;
            if (state.Value is bool on)
            {
                Switch[state.Field.Name] = on;
            }
            else
            {
                Text[state.Field.Name] = text;
            }
        }
    }

    /// <summary>A value as the page shows it: lists one item a line.</summary>
    public static string Display(object value) => value switch
    {
        IEnumerable<string> items when value is not string => string.Join('\n', items),
        _ => SettingFields.Text(value),
    };

    /// <summary>The changes the user made, or the field errors of values that are not even of the right kind.</summary>
    public (List<SettingChange> Changes, Dictionary<string, string[]> Errors) Changes()
    {
        var changes = new List<SettingChange>();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in SettingFields.All)
        {
            var now = field.Kind == SettingKind.Switch ? SettingFields.Text(Switch.GetValueOrDefault(field.Name)) : Text.GetValueOrDefault(field.Name, "");
            if (string.Equals(Normalized(field, now), Normalized(field, _loaded.GetValueOrDefault(field.Name, "")), StringComparison.Ordinal))
            {
                continue;
            }

            switch (field.Kind)
            {
                case SettingKind.Switch:
                    changes.Add(new SettingChange(field.Name, Switch.GetValueOrDefault(field.Name)));
                    break;
                case SettingKind.Number when int.TryParse(now.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number):
                    changes.Add(new SettingChange(field.Name, number));
                    break;
                case SettingKind.Number:
                    errors[field.Name] = [$"{field.Label} must be a whole number."];
                    break;
                case SettingKind.List:
                    changes.Add(new SettingChange(field.Name, Lines(now)));
                    break;
                default:
                    changes.Add(new SettingChange(field.Name, now));
                    break;
            }
        }

        return (changes, errors);
    }

    private static string Normalized(SettingField field, string text) =>
        field.Kind == SettingKind.List ? string.Join('\n', Lines(text)) : text.Trim();

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
}
