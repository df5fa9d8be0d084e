namespace PortFwd.Core.Rules;

/// <summary>
/// A rule's schedule as typed (<c>{"days": ["mon", "fri"], "from": "18:00", "to": "23:30"}</c>), before validation;
/// <see cref="RuleValidator"/> turns it into a <see cref="RuleSchedule"/> or field errors.
/// </summary>
public sealed class RuleScheduleDraft
{
    /// <summary>Days the window starts on: mon, tue, wed, thu, fri, sat, sun.</summary>
    public List<string>? Days { get; set; }

    /// <summary>When the rule turns on, HH:mm.</summary>
    public string? From { get; set; }

    /// <summary>When the rule turns off, HH:mm; earlier than <see cref="From"/> crosses midnight.</summary>
    public string? To { get; set; }

    /// <summary>The draft that writes <paramref name="schedule"/>; null for none.</summary>
    public static RuleScheduleDraft? Of(RuleSchedule? schedule) => schedule is null ? null : new()
    {
        Days = schedule.Days.ToNames(),
        From = schedule.From.ToString(RuleSchedule.TimeFormat, System.Globalization.CultureInfo.InvariantCulture),
        To = schedule.To.ToString(RuleSchedule.TimeFormat, System.Globalization.CultureInfo.InvariantCulture),
    };
}
