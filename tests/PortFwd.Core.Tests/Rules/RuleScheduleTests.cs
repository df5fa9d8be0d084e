using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

/// <summary>
/// When a schedule has a rule on, in a zone of our own making (UTC+1, summer time UTC+2 from the last Sunday of March
/// 02:00 to the last Sunday of October 03:00, as central Europe), so no test depends on the machine's zone.
/// In 2026 the clocks go forward on 29 March and back on 25 October; 4 December 2026 is a Friday.
/// </summary>
public class RuleScheduleTests
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("PortFwd/Test", TimeSpan.FromHours(1), "Test", "Test standard", "Test summer",
    [
        TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(new DateTime(2000, 1, 1), new DateTime(2099, 12, 31), TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday)),
    ]);

    private static readonly RuleSchedule WeekdayEvenings = Schedule(Weekdays, "18:00", "23:30");
    private static readonly RuleSchedule FridayNight = Schedule(ScheduleDays.Friday, "22:00", "02:00");

    private const ScheduleDays Weekdays = ScheduleDays.Monday | ScheduleDays.Tuesday | ScheduleDays.Wednesday | ScheduleDays.Thursday | ScheduleDays.Friday;

    /// <summary>A wall-clock time in <see cref="Zone"/> in winter (UTC+1).</summary>
    private static DateTimeOffset Winter(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(1));

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static RuleSchedule Schedule(ScheduleDays days, string from, string to) => new(days, TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(4, 17, 59, false)]
    [InlineData(4, 18, 0, true)]
    [InlineData(4, 21, 0, true)]
    [InlineData(4, 23, 29, true)]
    [InlineData(4, 23, 30, false)]
    [InlineData(5, 19, 0, false)] // Saturday
    [InlineData(7, 18, 30, true)] // Monday
    public void A_weekday_evening_window_is_open_from_its_start_up_to_but_not_at_its_end(int day, int hour, int minute, bool open)
    {
        Assert.Equal(open, WeekdayEvenings.IsOpen(Winter(12, day, hour, minute), Zone));
    }

    [Theory]
    [InlineData(4, 21, 59, false)]
    [InlineData(4, 22, 0, true)]
    [InlineData(4, 23, 59, true)]
    [InlineData(5, 0, 0, true)]
    [InlineData(5, 1, 59, true)]
    [InlineData(5, 2, 0, false)]
    [InlineData(5, 22, 30, false)] // Saturday's window is not set
    [InlineData(4, 1, 0, false)] // Friday early morning belongs to Thursday's window, not set
    [InlineData(3, 23, 0, false)]
    public void A_window_that_crosses_midnight_belongs_to_the_day_it_starts(int day, int hour, int minute, bool open)
    {
        Assert.Equal(open, FridayNight.IsOpen(Winter(12, day, hour, minute), Zone));
    }

    [Fact]
    public void Every_day_is_open_inside_the_window_on_each_day_of_the_week()
    {
        var daily = Schedule(ScheduleDays.EveryDay, "08:00", "20:00");

        for (var day = 1; day <= 7; day++)
        {
            Assert.True(daily.IsOpen(Winter(12, day, 12), Zone), $"December {day}, noon");
            Assert.False(daily.IsOpen(Winter(12, day, 21), Zone), $"December {day}, 21:00");
        }
    }

    [Fact]
    public void The_next_change_is_the_opening_when_closed_and_the_closing_when_open()
    {
        Assert.Equal(Winter(12, 4, 18), WeekdayEvenings.NextChange(Winter(12, 4, 12), Zone));
        Assert.Equal(Winter(12, 4, 23, 30), WeekdayEvenings.NextChange(Winter(12, 4, 18), Zone));
        // After Friday's window: Monday's.
        Assert.Equal(Winter(12, 7, 18), WeekdayEvenings.NextChange(Winter(12, 4, 23, 30), Zone));
        Assert.Equal(Winter(12, 5, 2), FridayNight.NextChange(Winter(12, 4, 23), Zone));
        // A one-day schedule just closed opens again a week later.
        Assert.Equal(Winter(12, 11, 22), FridayNight.NextChange(Winter(12, 5, 2), Zone));
    }

    [Fact]
    public void The_next_change_is_given_as_utc()
    {
        var next = WeekdayEvenings.NextChange(Winter(12, 4, 12), Zone);

        Assert.Equal((TimeSpan.Zero, Utc(12, 4, 17)), (next!.Value.Offset, next.Value));
    }

    [Fact]
    public void Without_days_nothing_opens_and_nothing_changes()
    {
        var never = Schedule(ScheduleDays.None, "18:00", "20:00");

        Assert.False(never.IsOpen(Winter(12, 4, 19), Zone));
        Assert.Null(never.NextChange(Winter(12, 4, 19), Zone));
    }

    [Fact]
    public void A_start_the_clocks_skip_in_spring_opens_the_moment_they_jump()
    {
        // 29 March: 02:00 UTC+1 becomes 03:00 UTC+2 (01:00 UTC). 02:30 is never on the clock.
        var sunday = Schedule(ScheduleDays.Sunday, "02:30", "04:00");

        Assert.Equal(Utc(3, 29, 1), sunday.NextChange(Utc(3, 28, 23), Zone));
        Assert.False(sunday.IsOpen(Utc(3, 29, 0, 59), Zone));
        Assert.True(sunday.IsOpen(Utc(3, 29, 1), Zone));
        // 04:00 summer time.
        Assert.Equal(Utc(3, 29, 2), sunday.NextChange(Utc(3, 29, 1), Zone));
    }

    [Fact]
    public void A_window_across_the_spring_change_is_an_hour_shorter_in_real_time()
    {
        var saturdayNight = Schedule(ScheduleDays.Saturday, "22:00", "06:00");

        var window = saturdayNight.Window(new DateOnly(2026, 3, 28), Zone);

        Assert.Equal((Utc(3, 28, 21), Utc(3, 29, 4)), window);
        Assert.Equal(TimeSpan.FromHours(7), window!.Value.End - window.Value.Start);
    }

    [Fact]
    public void A_window_the_spring_jump_swallows_whole_does_not_open_that_night()
    {
        var inTheGap = Schedule(ScheduleDays.Sunday, "02:10", "02:40");

        Assert.Null(inTheGap.Window(new DateOnly(2026, 3, 29), Zone));
        Assert.False(inTheGap.IsOpen(Utc(3, 29, 1), Zone));
        // The next Sunday it opens at 02:10 summer time.
        Assert.Equal(Utc(4, 5, 0, 10), inTheGap.NextChange(Utc(3, 28, 12), Zone));
    }

    [Fact]
    public void A_time_read_twice_in_autumn_counts_at_its_first_reading()
    {
        // 25 October: 03:00 UTC+2 becomes 02:00 UTC+1 (01:00 UTC); 02:30 is read at 00:30 UTC and again at 01:30 UTC.
        var sunday = Schedule(ScheduleDays.Sunday, "02:30", "05:00");
        var saturdayNight = Schedule(ScheduleDays.Saturday, "22:00", "02:30");

        Assert.Equal(Utc(10, 25, 0, 30), sunday.NextChange(Utc(10, 24, 12), Zone));
        Assert.True(sunday.IsOpen(Utc(10, 25, 1, 30), Zone));
        Assert.Equal(Utc(10, 25, 4), sunday.NextChange(Utc(10, 25, 1, 30), Zone));

        Assert.True(saturdayNight.IsOpen(Utc(10, 25, 0, 29), Zone));
        Assert.False(saturdayNight.IsOpen(Utc(10, 25, 0, 30), Zone));
        // The second 02:30 does not open it again: nothing changes until next Saturday 22:00 (winter time).
        Assert.False(saturdayNight.IsOpen(Utc(10, 25, 1, 45), Zone));
        Assert.Equal(Utc(10, 31, 21), saturdayNight.NextChange(Utc(10, 25, 0, 30), Zone));
    }

    [Fact]
    public void A_window_across_the_autumn_change_is_an_hour_longer_in_real_time()
    {
        var saturdayNight = Schedule(ScheduleDays.Saturday, "22:00", "06:00");

        var window = saturdayNight.Window(new DateOnly(2026, 10, 24), Zone);

        Assert.Equal((Utc(10, 24, 20), Utc(10, 25, 5)), window);
        Assert.Equal(TimeSpan.FromHours(9), window!.Value.End - window.Value.Start);
    }

    [Fact]
    public void The_same_instant_is_inside_or_outside_depending_on_the_zone()
    {
        // Friday 17:30 UTC is 18:30 in the test zone (open) and 17:30 in UTC (closed).
        Assert.True(WeekdayEvenings.IsOpen(Utc(12, 4, 17, 30), Zone));
        Assert.False(WeekdayEvenings.IsOpen(Utc(12, 4, 17, 30), TimeZoneInfo.Utc));
    }
}
