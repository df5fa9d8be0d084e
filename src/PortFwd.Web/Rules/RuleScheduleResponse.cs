using System.Globalization;
using PortFwd.Core.Rules;

namespace PortFwd.Web.Rules;

/// <summary>A rule's schedule as the API shows it (the same shape the rule body takes).</summary>
/// <param name="Days">The days a window starts on, Monday first: mon, tue, wed, thu, fri, sat, sun.</param>
/// <param name="From">When the rule turns on, HH:mm, in the machine's time zone.</param>
/// <param name="To">When it turns off, HH:mm; earlier than <paramref name="From"/> means the next day.</param>
public sealed record RuleScheduleResponse(IReadOnlyList<string> Days, string From, string To)
{
    public static RuleScheduleResponse? Of(RuleSchedule? schedule) => schedule is null ? null : new(
        schedule.Days.ToNames(),
        schedule.From.ToString(RuleSchedule.TimeFormat, CultureInfo.InvariantCulture),
        schedule.To.ToString(RuleSchedule.TimeFormat, CultureInfo.InvariantCulture));
}
