namespace PortFwd.Core.Rules;

/// <summary>
/// When a rule is on, as a router's schedule says it: on the <see cref="Days"/> set, from <see cref="From"/> to
/// <see cref="To"/> by the wall clock of a time zone. A window whose end is not after its start crosses midnight
/// ("22:00"–"02:00" on Friday is on from Friday 22:00 to Saturday 02:00): the day is the day the window starts.
/// </summary>
/// <remarks>
/// Across a change of the clocks each boundary is the first moment the wall clock reads it: a time skipped in spring
/// (02:30 where 02:00 jumps to 03:00) is the moment of the jump, a time read twice in autumn is its first reading.
/// A window that the jump swallows whole (02:10–02:40 on that night) does not open.
/// </remarks>
/// <param name="Days">The days a window starts on; at least one.</param>
/// <param name="From">The wall-clock time the rule turns on.</param>
/// <param name="To">The wall-clock time the rule turns off; not equal to <paramref name="From"/>.</param>
public sealed record RuleSchedule(ScheduleDays Days, TimeOnly From, TimeOnly To)
{
    /// <summary>How the API and the form write times.</summary>
    public const string TimeFormat = "HH:mm";

    // A window lasts under a day by the wall clock (25 h at most in real time), so the day before and today cover "now";
    // eight days ahead holds the next boundary of a schedule set on one day a week.
    private const int DaysAhead = 8;

    /// <summary>Whether the rule is on at <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public bool IsOpen(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = LocalDate(now, zone);
        for (var day = today.AddDays(-1); day <= today; day = day.AddDays(1))
        {
            if (Window(day, zone) is { } window && window.Start <= now && now < window.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The next moment after <paramref name="now"/> at which <see cref="IsOpen"/> changes (an opening when closed, a
    /// closing when open); null when it never does (no day is set).
    /// </summary>
    public DateTimeOffset? NextChange(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var open = IsOpen(now, zone);
        var today = LocalDate(now, zone);
        var boundaries = new List<DateTimeOffset>();
        for (var day = today.AddDays(-1); day <= today.AddDays(DaysAhead); day = day.AddDays(1))
        {
            if (Window(day, zone) is { } window)
            {
                if (window.Start > now)
                {
                    boundaries.Add(window.Start);
                }

                if (window.End > now)
                {
                    boundaries.Add(window.End);
                }
            }
        }

        boundaries.Sort();
        foreach (var boundary in boundaries)
        {
            // Windows that touch (Monday 18:00–Tuesday 06:00, Tuesday 06:00–…) change nothing where they meet.
            if (IsOpen(boundary, zone) != open)
            {
                return boundary.ToUniversalTime();
            }
        }

        return null;
    }

    /// <summary>The window that starts on <paramref name="day"/>, as instants; null when the day is not set or the window is empty.</summary>
    public (DateTimeOffset Start, DateTimeOffset End)? Window(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (!Days.HasFlag(ScheduleDayNames.Of(day.DayOfWeek)))
        {
            return null;
        }

        var start = FirstReading(day.ToDateTime(From), zone);
        var end = FirstReading((To > From ? day : day.AddDays(1)).ToDateTime(To), zone);
        return end > start ? (start, end) : null;
    }

    /// <summary>The date the wall clock of <paramref name="zone"/> shows at <paramref name="instant"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The first instant at which the wall clock of <paramref name="zone"/> reads <paramref name="local"/> or later.</summary>
    private static DateTimeOffset FirstReading(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsAmbiguousTime(local))
        {
            // Read twice: the first time is under the larger offset (summer time, before the clocks go back).
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max());
        }

        if (!zone.IsInvalidTime(local))
        {
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        // Skipped: the clocks jump over it. Find the jump between the instants the offsets a day either side give.
        var before = zone.GetUtcOffset(local.AddDays(-1));
        var after = zone.GetUtcOffset(local.AddDays(1));
        var localTicks = DateTime.SpecifyKind(local, DateTimeKind.Utc);
        var low = new DateTimeOffset(localTicks - (before > after ? before : after), TimeSpan.Zero);
        var high = new DateTimeOffset(localTicks - (before > after ? after : before), TimeSpan.Zero);
        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low + TimeSpan.FromSeconds(Math.Floor((high - low).TotalSeconds / 2));
            if (TimeZoneInfo.ConvertTime(middle, zone).DateTime >= local)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;
    }
}
