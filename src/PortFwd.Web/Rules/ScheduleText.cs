using System.Globalization;
using PortFwd.Core.Rules;

namespace PortFwd.Web.Rules;

/// <summary>What the status of a rule outside its schedule says: "Off by schedule until 18:00" (or "until Fri 18:00").</summary>
public static class ScheduleText
{
    /// <summary>The status message of an enabled rule that its schedule keeps off at <paramref name="now"/>.</summary>
    public static string OffUntil(RuleSchedule schedule, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(zone);
        return schedule.NextChange(now, zone) is { } opening
            ? "Off by schedule until " + When(opening, now, zone)
            : "Off by schedule.";
    }

    /// <summary>The wall-clock time of <paramref name="moment"/>: "18:00" today, "Fri 18:00" on another day, "next Fri 18:00" a week on.</summary>
    public static string When(DateTimeOffset moment, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        var days = RuleSchedule.LocalDate(moment, zone).DayNumber - RuleSchedule.LocalDate(now, zone).DayNumber;
        var time = local.ToString(RuleSchedule.TimeFormat, CultureInfo.InvariantCulture);
        var day = local.ToString("ddd", CultureInfo.InvariantCulture);
        return days switch
        {
            0 => time,
            >= 7 => $"next {day} {time}",
            _ => $"{day} {time}",
        };
    }
}
