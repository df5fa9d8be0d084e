using Bunit;
using PortFwd.Web.Components.Reachability;
using PortFwd.Web.Reachability;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// A check's steps and the row's badge: each status has its own icon and colour, what to do shows only where something
/// is wrong, a running check shows which step it is on, and the badge says the verdict in words and colour.
/// </summary>
public sealed class ReachabilityComponentTests : MudTestContext
{
    private static readonly DateTimeOffset CheckedAt = new(2026, 11, 30, 18, 5, 9, TimeSpan.Zero);

    public ReachabilityComponentTests() => RenderAsLive();

    private static ReachabilityReport Report(bool finished, params CheckStep[] steps) => new(7, CheckedAt, steps, finished);

    private static readonly CheckStep ServicePass = CheckStep.Pass(CheckStepName.Service, "127.0.0.1:25565 accepts connections.");
    private static readonly CheckStep RelayFail = CheckStep.Fail(CheckStepName.Relay, "The rule is turned off.", "Turn the rule on.");
    private static readonly CheckStep RouterWarn = CheckStep.Warn(CheckStepName.Router, "PortFwd cannot see the router's forwardings.", "Forward TCP 25565 to 192.168.1.5 port 25565.");
    private static readonly CheckStep InternetSkipped = CheckStep.Skipped(CheckStepName.Internet, "The outside probe is off.", "Set PortFwd:Reachability:ProbeUrl.");

    [Theory]
    [InlineData("service", "pass", "Service", "reach-pass", "mud-success-text")]
    [InlineData("relay", "fail", "PortFwd listening", "reach-fail", "mud-error-text")]
    [InlineData("router", "warn", "Router", "reach-warn", "mud-warning-text")]
    [InlineData("internet", "skipped", "From the internet", "reach-skipped", null)]
    public void Each_status_shows_its_own_icon_colour_and_the_step_in_words(string step, string status, string title, string iconClass, string? colourClass)
    {
        var list = Render<ReachabilitySteps>(p => p.Add(c => c.Report, Report(true, ServicePass, RelayFail, RouterWarn, InternetSkipped)));

        var item = list.Find($"li[data-step='{step}']");
        Assert.Equal(status, item.GetAttribute("data-status"));
        Assert.Equal(title, item.QuerySelector(".reach-step-title")!.TextContent);
        var icon = item.QuerySelector("svg.reach-step-icon")!;
        Assert.Contains(iconClass, icon.ClassList);
        if (colourClass is null)
        {
            Assert.DoesNotContain(icon.ClassList, c => c is "mud-success-text" or "mud-error-text" or "mud-warning-text");
        }
        else
        {
            Assert.Contains(colourClass, icon.ClassList);
        }

        // Four statuses, four different icons.
        Assert.Equal(4, list.FindAll("svg.reach-step-icon").Select(i => i.InnerHtml).Distinct().Count());
    }

    [Fact]
    public void What_to_do_shows_for_a_failed_or_doubtful_step_only()
    {
        var list = Render<ReachabilitySteps>(p => p.Add(c => c.Report, Report(true, ServicePass, RelayFail, RouterWarn, InternetSkipped)));

        Assert.Equal("What to do: Turn the rule on.", list.Find("li[data-step='relay'] .reach-step-fix").TextContent);
        Assert.Equal("What to do: Forward TCP 25565 to 192.168.1.5 port 25565.", list.Find("li[data-step='router'] .reach-step-fix").TextContent);
        Assert.Empty(list.FindAll("li[data-step='service'] .reach-step-fix"));
        Assert.Empty(list.FindAll("li[data-step='internet'] .reach-step-fix"));
        Assert.Equal("The outside probe is off.", list.Find("li[data-step='internet'] .reach-step-message").TextContent);
    }

    [Fact]
    public void A_running_check_shows_the_step_it_is_on_with_a_spinner_and_a_finished_one_none()
    {
        var running = Render<ReachabilitySteps>(p => p.Add(c => c.Report, Report(false, ServicePass)));

        var next = running.Find(".reach-step-running");
        Assert.Equal("relay", next.GetAttribute("data-next-step"));
        Assert.Contains("PortFwd listening", next.TextContent, StringComparison.Ordinal);
        Assert.NotNull(next.QuerySelector(".mud-progress-circular"));
        Assert.Equal("false", running.Find(".reach-steps").GetAttribute("data-finished"));

        var started = Render<ReachabilitySteps>(p => p.Add(c => c.Report, Report(false)));
        Assert.Equal("service", started.Find(".reach-step-running").GetAttribute("data-next-step"));
        Assert.Empty(started.FindAll("li[data-status]"));

        var finished = Render<ReachabilitySteps>(p => p.Add(c => c.Report, Report(true, ServicePass, RelayFail)));
        Assert.Empty(finished.FindAll(".reach-step-running"));
        Assert.Empty(finished.FindAll(".mud-progress-circular"));
    }

    public static TheoryData<string, string, string> Verdicts => new()
    {
        { "reachable", "Reachable from the internet", "mud-chip-color-success" },
        { "broken", "Service not answering", "mud-chip-color-error" },
        { "unconfirmed", "Not tried from the internet", "mud-chip-color-warning" },
        { "checking", "Checking…", "mud-chip-color-default" },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void The_badge_says_the_verdict_with_its_time_in_the_verdicts_colour(string verdict, string summary, string colourClass)
    {
        var report = verdict switch
        {
            "reachable" => Report(true, ServicePass, CheckStep.Pass(CheckStepName.Internet, "ifconfig.co connected.")),
            "broken" => Report(true, CheckStep.Fail(CheckStepName.Service, "Nothing listens.", "Start it.")),
            "unconfirmed" => Report(true, ServicePass, InternetSkipped),
            _ => Report(false, ServicePass),
        };

        var badge = Render<ReachabilityBadge>(p => p.Add(c => c.Report, report));

        var chip = badge.Find("[data-testid='reach-badge-7']");
        Assert.Equal(verdict, chip.GetAttribute("data-verdict"));
        Assert.Contains(colourClass, chip.ClassList);
        // Times show in the browser's zone: UTC here, as no browser answers.
        Assert.Equal($"{summary} · 18:05", chip.TextContent.Trim());
        Assert.Contains("2026-11-30 18:05:09", chip.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_badge_with_a_handler_is_a_button_that_calls_it_and_one_without_is_not()
    {
        var clicks = 0;
        var report = Report(true, ServicePass, InternetSkipped);

        var clickable = Render<ReachabilityBadge>(p => p.Add(c => c.Report, report).Add(c => c.OnClick, () => clicks++));
        clickable.Find("[data-testid='reach-badge-7']").Click();
        Assert.Equal(1, clicks);
        Assert.Equal("button", clickable.Find("[data-testid='reach-badge-7']").GetAttribute("role"));
        Assert.Contains("mud-clickable", clickable.Find("[data-testid='reach-badge-7']").ClassList);

        var plain = Render<ReachabilityBadge>(p => p.Add(c => c.Report, report));
        Assert.Null(plain.Find("[data-testid='reach-badge-7']").GetAttribute("role"));
        Assert.DoesNotContain("mud-clickable", plain.Find("[data-testid='reach-badge-7']").ClassList);
    }
}
