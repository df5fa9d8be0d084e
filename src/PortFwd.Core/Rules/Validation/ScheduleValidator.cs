using System.Globalization;

namespace PortFwd.Core.Rules.Validation;

/// <summary>
/// When the rule is on: no schedule (always), or days of the week and a window from one time of day to another
/// (HH:mm; an end before the start crosses midnight). Each mistake is named by its part: <c>schedule.days</c>,
/// <c>schedule.from</c>, <c>schedule.to</c>.
/// </summary>
internal sealed class ScheduleValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        if (check.Draft.Schedule is not { } draft)
        {
            check.Schedule = null;
            return;
        }

        var errors = new List<(string Field, string Message)>();
        check.Schedule = Read(draft, errors);
        foreach (var (field, message) in errors)
        {
            check.Error(field, message);
        }
    }

    /// <summary>A schedule as typed, checked: the schedule, or null with the errors per field added to <paramref name="errors"/>.</summary>
    public static RuleSchedule? Read(RuleScheduleDraft draft, ICollection<(string Field, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(errors);
        var count = errors.Count;
        var days = ScheduleDays.None;
        var names = RuleCheck.Clean(draft.Days);
        if (names.Count == 0)
        {
            errors.Add((RuleFields.ScheduleDays, "Pick at least one day the rule is on, like [\"mon\", \"fri\"]."));
        }

        foreach (var name in names)
        {
            if (ScheduleDayNames.TryParse(name, out var day))
            {
                days |= day;
            }
            else
            {
                errors.Add((RuleFields.ScheduleDays, $"\"{Shown(name)}\" is not a day: use {string.Join(", ", ScheduleDayNames.All)}."));
            }
        }

        var from = ReadTime(draft.From, RuleFields.ScheduleFrom, "turns on", "18:00", errors);
        var to = ReadTime(draft.To, RuleFields.ScheduleTo, "turns off", "23:30", errors);
        if (from is { } start && to is { } end && start == end)
        {
            errors.Add((RuleFields.ScheduleTo, "The rule would turn off the moment it turns on: give an end time other than the start (for all day, use no schedule)."));
        }

        return errors.Count == count ? new RuleSchedule(days, from!.Value, to!.Value) : null;
    }

    private static TimeOnly? ReadTime(string? text, string field, string what, string example, ICollection<(string, string)> errors)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            errors.Add((field, $"Enter the time the rule {what}, as HH:mm (for example {example})."));
            return null;
        }

        if (!TimeOnly.TryParseExact(value, RuleSchedule.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            errors.Add((field, $"\"{Shown(value)}\" is not a time of day as HH:mm (00:00 to 23:59), like {example}."));
            return null;
        }

        return time;
    }

    /// <summary>Typed text as a message quotes it: short, and without control characters.</summary>
    private static string Shown(string text)
    {
        var clean = new string([.. text.Where(c => !char.IsControl(c))]);
        return clean.Length > 20 ? clean[..20] + "…" : clean;
    }
}
