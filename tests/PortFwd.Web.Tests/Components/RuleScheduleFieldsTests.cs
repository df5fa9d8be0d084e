using AngleSharp.Dom;
using Bunit;
using PortFwd.Core.Rules;
using PortFwd.Web.Components.Rules;

namespace PortFwd.Web.Tests.Components;

/// <summary>The schedule in the rule form's Advanced section: folded until used, days and times handed to OnSave, errors under their inputs.</summary>
public sealed class RuleScheduleFieldsTests : MudTestContext
{
    private readonly List<RuleDraft> _saved = [];

    public RuleScheduleFieldsTests() => RenderAsLive();

    private IRenderedComponent<RuleForm> RenderForm(RuleDraft? initial = null) =>
        Render<RuleForm>(p => p
            .Add(x => x.OnSave, draft =>
            {
                _saved.Add(draft);
                return Task.FromResult<IReadOnlyDictionary<string, string[]>?>(null);
            })
            .Add(x => x.Initial, initial));

    private static RuleDraft Valid(RuleScheduleDraft? schedule = null) => new()
    {
        Name = "Game", Protocol = "tcp", ExternalPort = 25565, InternalHost = "192.168.1.20", InternalPort = 25565, Schedule = schedule,
    };

    private static bool IsOpen(IRenderedComponent<RuleForm> cut) =>
        cut.Find("#rule-advanced").QuerySelector(".mud-collapse-container.mud-collapse-entered") is not null
        || cut.FindAll("#rule-schedule-always-on").Count > 0 && cut.Find("#rule-advanced").ClassList.Contains("mud-panel-expanded");

    private static string TextUnder(IRenderedComponent<RuleForm> cut, string inputId) =>
        cut.Find($"#{inputId}").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";

    private static async Task OpenAdvancedAsync(IRenderedComponent<RuleForm> cut)
    {
        await cut.Find("#rule-advanced .mud-expand-panel-header").ClickAsync();
        cut.WaitForAssertion(() => Assert.True(IsOpen(cut)));
    }

    [Fact]
    public void A_new_rule_has_the_Advanced_section_folded_and_is_always_on()
    {
        var cut = RenderForm();

        Assert.Equal("Advanced", cut.Find("#rule-advanced .mud-expand-panel-header").TextContent.Trim());
        Assert.False(IsOpen(cut));
    }

    [Fact]
    public async Task Always_on_saves_no_schedule()
    {
        var cut = RenderForm(Valid());
        await OpenAdvancedAsync(cut);

        Assert.Equal("true", cut.Find("#rule-schedule").GetAttribute("data-always-on"));
        Assert.Empty(cut.FindAll("#rule-schedule-from"));
        await cut.Find("#rule-form").SubmitAsync();

        Assert.Null(Assert.Single(_saved).Schedule);
    }

    [Fact]
    public async Task Turning_always_on_off_and_picking_days_and_times_saves_that_schedule()
    {
        var cut = RenderForm(Valid());
        await OpenAdvancedAsync(cut);

        await cut.Find("#rule-schedule-always-on").ChangeAsync(false);
        // It starts from weekday evenings: take Monday to Thursday away, add Saturday.
        foreach (var day in new[] { "mon", "tue", "wed", "thu", "sat" })
        {
            await cut.Find($"#rule-schedule-day-{day}").ClickAsync();
        }

        await cut.Find("#rule-schedule-from").InputAsync("22:00");
        await cut.Find("#rule-schedule-to").InputAsync("02:00");
        await cut.Find("#rule-form").SubmitAsync();

        var schedule = Assert.Single(_saved).Schedule!;
        Assert.Equal(["fri", "sat"], schedule.Days);
        Assert.Equal(("22:00", "02:00"), (schedule.From, schedule.To));
        Assert.Equal("true", cut.Find("#rule-schedule-day-fri").GetAttribute("data-picked"));
        Assert.Equal("false", cut.Find("#rule-schedule-day-mon").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void Editing_a_rule_with_a_schedule_opens_the_section_with_its_days_and_times()
    {
        var cut = RenderForm(Valid(new RuleScheduleDraft { Days = ["mon", "fri"], From = "18:00", To = "23:30" }));

        Assert.True(IsOpen(cut));
        Assert.Equal("false", cut.Find("#rule-schedule").GetAttribute("data-always-on"));
        Assert.Equal(["mon", "fri"], cut.FindAll("[id^='rule-schedule-day-'][data-picked='true']").Select(c => c.Id!["rule-schedule-day-".Length..]));
        Assert.Equal("18:00", cut.Find("#rule-schedule-from").GetAttribute("value"));
        Assert.Equal("23:30", cut.Find("#rule-schedule-to").GetAttribute("value"));
    }

    [Fact]
    public async Task Mistakes_show_under_their_inputs_and_nothing_is_saved()
    {
        var cut = RenderForm(Valid(new RuleScheduleDraft { Days = ["fri"], From = "18:00", To = "23:30" }));

        await cut.Find("#rule-schedule-day-fri").ClickAsync();
        await cut.Find("#rule-schedule-from").InputAsync("25:00");
        await cut.Find("#rule-schedule-to").InputAsync("23:30");
        await cut.Find("#rule-form").SubmitAsync();

        Assert.Empty(_saved);
        Assert.Contains("at least one day", cut.Find("#rule-schedule-days-error").TextContent, StringComparison.Ordinal);
        Assert.Contains("\"25:00\"", TextUnder(cut, "rule-schedule-from"), StringComparison.Ordinal);
        Assert.Equal("HH:mm", TextUnder(cut, "rule-schedule-to"));
    }

    [Fact]
    public async Task An_error_in_a_folded_section_opens_it()
    {
        var cut = RenderForm(Valid());
        await OpenAdvancedAsync(cut);
        await cut.Find("#rule-schedule-always-on").ChangeAsync(false);
        await cut.Find("#rule-schedule-to").InputAsync("18:00");
        await cut.Find("#rule-advanced .mud-expand-panel-header").ClickAsync();
        cut.WaitForAssertion(() => Assert.False(IsOpen(cut)));

        await cut.Find("#rule-form").SubmitAsync();

        Assert.Empty(_saved);
        Assert.True(IsOpen(cut));
        Assert.Contains("other than the start", TextUnder(cut, "rule-schedule-to"), StringComparison.Ordinal);
    }
}
