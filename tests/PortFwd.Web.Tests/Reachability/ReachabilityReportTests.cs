using PortFwd.Web.Reachability;

namespace PortFwd.Web.Tests.Reachability;

/// <summary>The verdict of a check and the words on the rule's row, from its steps.</summary>
public sealed class ReachabilityReportTests
{
    private static ReachabilityReport Report(bool finished, params (CheckStepName Name, CheckStepStatus Status)[] steps) =>
        new(1, DateTimeOffset.UnixEpoch, [.. steps.Select(s => new CheckStep(s.Name, s.Status, "m", "f"))], finished);

    [Fact]
    public void Every_link_passing_is_reachable()
    {
        var report = Report(true, (CheckStepName.Service, CheckStepStatus.Pass), (CheckStepName.Relay, CheckStepStatus.Pass),
            (CheckStepName.Router, CheckStepStatus.Pass), (CheckStepName.PublicAddress, CheckStepStatus.Pass),
            (CheckStepName.Internet, CheckStepStatus.Pass), (CheckStepName.Name, CheckStepStatus.Skipped));

        Assert.True(report.Reachable);
        Assert.Equal(CheckVerdict.Reachable, report.Verdict);
        Assert.Equal("Reachable from the internet", report.Summary);
    }

    [Fact]
    public void A_running_check_has_no_verdict_yet()
    {
        var report = Report(false, (CheckStepName.Service, CheckStepStatus.Pass));

        Assert.Null(report.Reachable);
        Assert.Equal(CheckVerdict.Checking, report.Verdict);
        Assert.Equal("Checking…", report.Summary);
    }

    [Fact]
    public void A_closed_port_behind_a_router_warning_is_closed_at_the_router()
    {
        var report = Report(true, (CheckStepName.Service, CheckStepStatus.Pass), (CheckStepName.Relay, CheckStepStatus.Pass),
            (CheckStepName.Router, CheckStepStatus.Warn), (CheckStepName.PublicAddress, CheckStepStatus.Pass), (CheckStepName.Internet, CheckStepStatus.Fail));

        Assert.False(report.Reachable);
        Assert.Equal("Closed at the router", report.Summary);
    }

    [Fact]
    public void The_probe_reaching_the_relay_while_the_service_is_down_is_not_reachable()
    {
        var report = Report(true, (CheckStepName.Service, CheckStepStatus.Fail), (CheckStepName.Relay, CheckStepStatus.Pass), (CheckStepName.Internet, CheckStepStatus.Pass));

        Assert.False(report.Reachable);
        Assert.Equal("Service not answering", report.Summary);
    }

    [Fact]
    public void Without_the_probe_a_broken_link_is_still_unreachable_and_no_broken_link_is_unconfirmed()
    {
        var broken = Report(true, (CheckStepName.Relay, CheckStepStatus.Fail), (CheckStepName.Internet, CheckStepStatus.Skipped));
        var unconfirmed = Report(true, (CheckStepName.Relay, CheckStepStatus.Pass), (CheckStepName.Router, CheckStepStatus.Warn), (CheckStepName.Internet, CheckStepStatus.Skipped));
        var cgnat = Report(true, (CheckStepName.PublicAddress, CheckStepStatus.Fail), (CheckStepName.Internet, CheckStepStatus.Skipped));

        Assert.Equal((false, "Not listening"), (broken.Reachable, broken.Summary));
        Assert.Equal((null, CheckVerdict.Unconfirmed, "Not tried from the internet"), (unconfirmed.Reachable, unconfirmed.Verdict, unconfirmed.Summary));
        Assert.Equal((false, "Blocked by the provider's NAT"), (cgnat.Reachable, cgnat.Summary));
    }
}
