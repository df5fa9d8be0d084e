using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Web.Reachability;
using PortFwd.Web.Tests.HomeRouter;

namespace PortFwd.Web.Tests.Reachability;

/// <summary>A rule turned off has no forwarding on the router because PortFwd removed it, not because the router lost it.</summary>
public sealed class RouterCheckTurnedOffRuleTests
{
    private static ForwardingRule Rule(bool enabled) => RouterMappingPlanTests.Rule(1, Protocol.Tcp, 25565, enabled: enabled);

    [Fact]
    public void A_rule_turned_off_is_said_to_be_off_and_not_to_have_been_lost_by_the_router()
    {
        var step = RouterCheck.Missing(Rule(enabled: false), PortProtocol.Tcp, 25565, status: null, routerTableListed: true, manual: "by hand");

        Assert.Equal(CheckStepStatus.Fail, step.Status);
        Assert.Equal("The router does not forward TCP 25565: the rule is turned off, so PortFwd removed its forwarding there.", step.Message);
        Assert.StartsWith("Turn the rule on", step.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("restarted", step.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_turned_on_whose_forwarding_is_gone_is_said_to_be_lost_by_the_router()
    {
        var mapped = new PortFwd.Web.HomeRouter.RouterRuleStatus(PortFwd.Web.HomeRouter.RouterRuleState.Mapped, "Open on the router");
        var step = RouterCheck.Missing(Rule(enabled: true), PortProtocol.Tcp, 25565, mapped, routerTableListed: true, manual: "by hand");

        Assert.Equal(CheckStepStatus.Fail, step.Status);
        Assert.Contains("although it had agreed to", step.Message, StringComparison.Ordinal);
        Assert.EndsWith("by hand", step.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_turned_on_that_PortFwd_has_not_asked_the_router_about_yet_is_a_warning_to_check_again()
    {
        var step = RouterCheck.Missing(Rule(enabled: true), PortProtocol.Tcp, 25565, status: null, routerTableListed: true, manual: "by hand");

        Assert.Equal(CheckStepStatus.Warn, step.Status);
        Assert.Contains("has not asked it since it was found", step.Message, StringComparison.Ordinal);
    }
}
