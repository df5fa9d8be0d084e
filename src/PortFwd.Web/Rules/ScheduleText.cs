using System.Globalization;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Rules;

/// <summary>What the status of a rule outside its schedule says: "Off by schedule until 18:00" (or "until Fri 18:00").</summary>
public static class ScheduleText
{
    /// <summary>The status message of an enabled rule that its schedule keeps off at <paramref name="now"/>.</summary>
    public static string OffUntil(RuleSchedule schedule, DateTimeOffset now, TimeZoneInfo zone) => OffUntilMessage(schedule, now, zone).Text;

    /// <summary><see cref="OffUntil"/> with its code and the opening time, so the panel can say it in the person's language.</summary>
    public static ValidationMessage OffUntilMessage(RuleSchedule schedule, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(zone);
        if (schedule.NextChange(now, zone) is not { } opening)
        {
            return RuleStatusMessages.OffBySchedule.With();
        }

        var local = TimeZoneInfo.ConvertTime(opening, zone).DateTime;
        return (RuleSchedule.LocalDate(opening, zone).DayNumber - RuleSchedule.LocalDate(now, zone).DayNumber) switch
        {
            0 => RuleStatusMessages.OffUntilToday.With(local),
            >= 7 => RuleStatusMessages.OffUntilNextWeek.With(local),
            _ => RuleStatusMessages.OffUntilDay.With(local),
        };
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
