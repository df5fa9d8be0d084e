using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class RuleValidatorScheduleTests
{
    private static RuleDraft WithSchedule(List<string>? days, string? from, string? to) =>
        Drafts.With(d => d.Schedule = new RuleScheduleDraft { Days = days, From = from, To = to });

    [Fact]
    public void No_schedule_means_always_on()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.Valid()));

        Assert.Null(rule.Schedule);
    }

    [Fact]
    public void A_schedule_is_read_with_its_days_in_any_case_or_spelling_and_times_as_typed()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(WithSchedule([" FRI", "mon", "Wednesday", "mon"], "18:00", " 23:30 ")));

        Assert.Equal(new RuleSchedule(ScheduleDays.Monday | ScheduleDays.Wednesday | ScheduleDays.Friday, new TimeOnly(18, 0), new TimeOnly(23, 30)), rule.Schedule);
        Assert.Equal(["mon", "wed", "fri"], RuleScheduleDraft.Of(rule.Schedule)!.Days);
    }

    [Fact]
    public void An_end_before_the_start_is_a_window_across_midnight()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(WithSchedule(["fri"], "22:00", "02:00")));

        Assert.Equal(new TimeOnly(2, 0), rule.Schedule!.To);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("blank")]
    public void A_schedule_without_days_is_refused_under_schedule_days(string days)
    {
        List<string>? typed = days switch { "missing" => null, "empty" => [], _ => [" ", ""] };

        var result = RuleValidator.Validate(WithSchedule(typed, "18:00", "23:00"));

        Drafts.AssertOnlyError(result, RuleFields.ScheduleDays, "at least one day");
    }

    [Fact]
    public void Each_unknown_day_is_named()
    {
        var result = RuleValidator.Validate(WithSchedule(["mon", "funday", "Mo"], "18:00", "23:00"));

        Drafts.AssertOneMessageEach(result, RuleFields.ScheduleDays, "\"funday\"", "\"Mo\"");
        Assert.Contains("mon, tue, wed, thu, fri, sat, sun", result.ErrorsFor(RuleFields.ScheduleDays)[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("18:60")]
    [InlineData("8:00")]
    [InlineData("6pm")]
    [InlineData("18:00:00")]
    [InlineData("18")]
    public void A_start_that_is_not_HH_mm_is_refused_under_schedule_from_quoting_it(string from)
    {
        var result = RuleValidator.Validate(WithSchedule(["mon"], from, "23:00"));

        Drafts.AssertOnlyError(result, RuleFields.ScheduleFrom, $"\"{from}\"", "HH:mm");
    }

    [Fact]
    public void A_missing_end_is_refused_under_schedule_to()
    {
        var result = RuleValidator.Validate(WithSchedule(["mon"], "18:00", null));

        Drafts.AssertOnlyError(result, RuleFields.ScheduleTo, "turns off", "HH:mm");
    }

    [Fact]
    public void An_end_equal_to_the_start_is_refused_under_schedule_to()
    {
        var result = RuleValidator.Validate(WithSchedule(["mon"], "18:00", "18:00"));

        Drafts.AssertOnlyError(result, RuleFields.ScheduleTo, "other than the start");
    }

    [Fact]
    public void Every_mistake_of_a_schedule_shows_at_once_with_the_rules_other_errors()
    {
        var draft = WithSchedule([], "", "noon");
        draft.Name = "";

        var result = RuleValidator.Validate(draft);

        Assert.Equal([RuleFields.Name, RuleFields.ScheduleDays, RuleFields.ScheduleFrom, RuleFields.ScheduleTo], result.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
