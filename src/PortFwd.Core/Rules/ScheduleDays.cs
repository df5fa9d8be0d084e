namespace PortFwd.Core.Rules;

/// <summary>The days of the week a <see cref="RuleSchedule"/> window starts on.</summary>
[Flags]
public enum ScheduleDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    EveryDay = Monday | Tuesday | Wednesday | Thursday | Friday | Saturday | Sunday,
}

/// <summary>The wire names of days (<c>mon</c> … <c>sun</c>, Monday first, as a router's schedule lists them).</summary>
public static class ScheduleDayNames
{
    /// <summary>Monday to Sunday, one flag each, in the order forms and the API list them.</summary>
    public static IReadOnlyList<ScheduleDays> Week { get; } =
    [
        ScheduleDays.Monday, ScheduleDays.Tuesday, ScheduleDays.Wednesday, ScheduleDays.Thursday,
        ScheduleDays.Friday, ScheduleDays.Saturday, ScheduleDays.Sunday,
    ];

    /// <summary>The wire names, Monday first.</summary>
    public static IReadOnlyList<string> All { get; } = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>The flag of a day of the week.</summary>
    public static ScheduleDays Of(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => ScheduleDays.Monday,
        DayOfWeek.Tuesday => ScheduleDays.Tuesday,
        DayOfWeek.Wednesday => ScheduleDays.Wednesday,
        DayOfWeek.Thursday => ScheduleDays.Thursday,
        DayOfWeek.Friday => ScheduleDays.Friday,
        DayOfWeek.Saturday => ScheduleDays.Saturday,
        DayOfWeek.Sunday => ScheduleDays.Sunday,
        _ => throw new ArgumentOutOfRangeException(nameof(day)),
    };

    /// <summary>The wire names of the days set, Monday first.</summary>
    public static List<string> ToNames(this ScheduleDays days) =>
        [.. Week.Select((day, i) => (day, i)).Where(d => days.HasFlag(d.day)).Select(d => All[d.i])];

    /// <summary>Reads a day: its wire name or the English name, in any case ("mon", "Monday").</summary>
    public static bool TryParse(string? name, out ScheduleDays day)
    {
        var text = name?.Trim().ToLowerInvariant() ?? "";
        for (var i = 0; i < All.Count; i++)
        {
            var full = ((DayOfWeek)((i + 1) % 7)).ToString().ToLowerInvariant();
            if (text == All[i] || text == full)
            {
                day = Week[i];
                return true;
            }
        }

        day = ScheduleDays.None;
        return false;
    }
}
