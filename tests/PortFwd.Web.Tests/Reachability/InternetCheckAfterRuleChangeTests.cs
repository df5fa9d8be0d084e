using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Web.Reachability;
using PortFwd.Web.Tests.HomeRouter;

namespace PortFwd.Web.Tests.Reachability;

/// <summary>The probe is asked once per interval per rule: its answer must not speak for a rule saved since.</summary>
public sealed class InternetCheckAfterRuleChangeTests
{
    private static readonly DateTimeOffset Asked = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static ProbeResult Connected() =>
        ProbeResult.Ok(new ProbeAnswer(IPAddress.Parse("198.51.100.1"), 25565, Reachable: true, new Uri("http://probe.example/port/25565"), Asked));

    private static CheckContext Context(DateTimeOffset savedAt)
    {
        var rule = RouterMappingPlanTests.Rule(1, Protocol.Tcp, 25565, enabled: false);
        rule.UpdatedAt = savedAt;
        return new CheckContext(rule);
    }

    [Fact]
    public void An_answer_from_before_the_rule_was_saved_is_not_passed_off_as_the_rules_reachability()
    {
        var step = InternetCheck.Describe(Context(Asked.AddSeconds(3)), Connected());

        Assert.Equal(CheckStepStatus.Skipped, step.Status);
        Assert.Contains("the rule was saved after the outside probe last tried port 25565", step.Message, StringComparison.Ordinal);
        Assert.Contains("ProbeIntervalSeconds", step.Message, StringComparison.Ordinal);
        Assert.Equal("Check again in a few seconds.", step.Fix);
    }

    [Fact]
    public void An_answer_from_after_the_rule_was_saved_is_the_rules_reachability()
    {
        var step = InternetCheck.Describe(Context(Asked.AddSeconds(-3)), Connected());

        Assert.Equal(CheckStepStatus.Pass, step.Status);
        Assert.Equal("probe.example connected to 198.51.100.1:25565 from the internet.", step.Message);
    }

    [Fact]
    public void A_check_of_a_rule_turned_off_since_the_probe_answered_is_not_reachable()
    {
        var context = Context(Asked.AddSeconds(3));
        var steps = new[]
        {
            CheckStep.Pass(CheckStepName.Service, "127.0.0.1:25565 accepts connections."),
            CheckStep.Fail(CheckStepName.Relay, "The rule is turned off.", "Turn the rule on."),
            InternetCheck.Describe(context, Connected()),
        };

        var report = new ReachabilityReport(1, Asked.AddSeconds(4), steps, Finished: true);

        Assert.False(report.Reachable);
        Assert.Equal("Not listening", report.Summary);
    }
}
