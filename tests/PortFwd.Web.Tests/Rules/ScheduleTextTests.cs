using PortFwd.Core.Rules;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Tests.Rules;

/// <summary>The status of a rule its schedule keeps off: until when, with the day when it is not today.</summary>
public sealed class ScheduleTextTests
{
    private static readonly RuleSchedule FridayEvening = new(ScheduleDays.Friday, new TimeOnly(18, 0), new TimeOnly(23, 30));

    // Two hours ahead of UTC all year, so the local day differs from the UTC day near midnight.
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("PortFwd/Plus2", TimeSpan.FromHours(2), "Plus 2", "Plus 2");

    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(2));

    [Theory]
    [InlineData(4, 9, 0, "Off by schedule until 18:00")] // Friday morning
    [InlineData(3, 23, 0, "Off by schedule until Fri 18:00")] // Thursday night
    [InlineData(1, 0, 30, "Off by schedule until Fri 18:00")] // Tuesday, shortly after midnight (Monday in UTC)
    [InlineData(4, 23, 30, "Off by schedule until next Fri 18:00")] // just closed
    public void Says_until_when_in_the_zones_wall_clock(int day, int hour, int minute, string expected)
    {
        Assert.Equal(expected, ScheduleText.OffUntil(FridayEvening, Local(day, hour, minute), Zone));
    }

    [Fact]
    public void A_schedule_that_never_opens_says_so_without_a_time()
    {
        Assert.Equal("Off by schedule.", ScheduleText.OffUntil(FridayEvening with { Days = ScheduleDays.None }, Local(4, 9), Zone));
    }
}
