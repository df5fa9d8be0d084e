using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.Tests.Rules;

/// <summary>Which services opened on the router need an explicit "I understand", and when a saved rule's confirmation still holds.</summary>
public class RouterRisksTests
{
    private static readonly RuleValidationContext Home = new([]) { RouterAddresses = [IPAddress.Parse("192.168.1.1")] };

    private static ForwardingRule Rule(int external, int @internal, Protocol protocol = Protocol.Tcp, string host = "192.168.1.20",
        bool openOnRouter = true, int? externalEnd = null) => new()
    {
        Name = "Service",
        Protocol = protocol,
        ExternalPort = external,
        ExternalPortEnd = externalEnd,
        InternalHost = host,
        InternalPort = @internal,
        OpenOnRouter = openOnRouter,
    };

    [Theory]
    [InlineData(3389, "Remote Desktop")]
    [InlineData(445, "Windows file sharing (SMB)")]
    [InlineData(139, "Windows file sharing (SMB over NetBIOS)")]
    [InlineData(23, "Telnet")]
    [InlineData(5900, "VNC")]
    [InlineData(3306, "MySQL")]
    [InlineData(5432, "PostgreSQL")]
    [InlineData(6379, "Redis")]
    [InlineData(27017, "MongoDB")]
    [InlineData(2375, "Docker")]
    public void Each_dangerous_service_opened_on_the_router_is_named(int port, string service)
    {
        var risk = Assert.Single(RouterRisks.Of(Rule(port, port), Home));

        Assert.Equal(port, risk.Port);
        Assert.Contains(service, risk.Service, StringComparison.Ordinal);
        Assert.StartsWith($"Port {port} is ", risk.Message, StringComparison.Ordinal);
        Assert.EndsWith("opening it on the router exposes it to the internet. Confirm the risk to save.", risk.Message, StringComparison.Ordinal);
        // Coded for the panel's languages: the sentence, and the service inside it as a message of its own.
        Assert.Equal("Rule.RouterRisk", risk.Said.Code);
        Assert.Equal([port, risk.ServiceSaid], risk.Said.Arguments);
        Assert.StartsWith("Rule.Risk.", risk.ServiceSaid.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void The_remote_desktop_message_reads_as_one_sentence_a_person_understands()
    {
        Assert.Equal("Port 3389 is Remote Desktop; opening it on the router exposes it to the internet. Confirm the risk to save.",
            Assert.Single(RouterRisks.Of(Rule(3389, 3389), Home)).Message);
    }

    [Fact]
    public void A_rule_not_opened_on_the_router_has_no_risk()
    {
        Assert.Empty(RouterRisks.Of(Rule(3389, 3389, openOnRouter: false), Home));
    }

    [Theory]
    [InlineData(13389, 3389)]
    [InlineData(3389, 13389)]
    public void The_service_counts_on_either_side_of_the_rule(int external, int @internal)
    {
        Assert.Equal(3389, Assert.Single(RouterRisks.Of(Rule(external, @internal), Home)).Port);
    }

    [Fact]
    public void A_range_that_covers_a_dangerous_port_is_a_risk()
    {
        var risks = RouterRisks.Of(Rule(3300, 3300, externalEnd: 3400), Home);

        Assert.Equal([3306, 3389], risks.Select(r => r.Port));
    }

    [Fact]
    public void Udp_carries_remote_desktop_but_not_the_tcp_only_services()
    {
        Assert.Equal(3389, Assert.Single(RouterRisks.Of(Rule(3389, 3389, Protocol.Udp), Home)).Port);
        Assert.Empty(RouterRisks.Of(Rule(5432, 5432, Protocol.Udp), Home));
    }

    [Fact]
    public void An_http_rule_speaks_http_to_its_target_so_a_database_port_number_is_no_risk()
    {
        Assert.Empty(RouterRisks.Of(Rule(3306, 3306, Protocol.Http), Home));
    }

    [Theory]
    [InlineData(Protocol.Tcp, 80)]
    [InlineData(Protocol.Tcp, 443)]
    [InlineData(Protocol.Http, 80)]
    public void Forwarding_to_the_routers_own_web_pages_is_a_risk(Protocol protocol, int port)
    {
        var risk = Assert.Single(RouterRisks.Of(Rule(8443, port, protocol, host: "192.168.1.1"), Home));

        Assert.Equal($"Port {port} is the router's own admin page (192.168.1.1); opening it on the router exposes it to the internet. Confirm the risk to save.", risk.Message);
        Assert.Equal(RuleMessages.RiskRouterAdmin.With("192.168.1.1"), risk.ServiceSaid);
    }

    [Fact]
    public void A_name_that_resolves_to_the_router_counts_as_the_router()
    {
        var context = Home with { HostAddresses = new Dictionary<string, IReadOnlyList<IPAddress>> { ["router.lan"] = [IPAddress.Parse("192.168.1.1")] } };

        Assert.Equal(80, Assert.Single(RouterRisks.Of(Rule(8080, 80, host: "router.lan"), context)).Port);
    }

    [Theory]
    [InlineData("192.168.1.20")]
    [InlineData("router.lan")]
    public void Port_80_of_another_machine_or_an_unknown_router_is_no_risk(string host)
    {
        Assert.Empty(RouterRisks.Of(Rule(8080, 80, host: host), Home));
        Assert.Empty(RouterRisks.Of(Rule(8080, 80, host: "192.168.1.1"), RuleValidationContext.Empty));
    }

    [Fact]
    public void A_new_risky_rule_needs_the_confirmation()
    {
        var candidate = Rule(3389, 3389);

        Assert.Equal(3389, Assert.Single(RouterRisks.Unconfirmed(candidate, saved: null, confirmed: false, Home)).Port);
        Assert.Empty(RouterRisks.Unconfirmed(candidate, saved: null, confirmed: true, Home));
    }

    [Fact]
    public void An_edit_that_keeps_the_saved_rules_risk_does_not_ask_again()
    {
        var saved = Rule(3389, 3389);
        var renamed = Rule(3389, 3389);
        renamed.Name = "Desktop at home";

        Assert.Empty(RouterRisks.Unconfirmed(renamed, saved, confirmed: false, Home));
    }

    [Fact]
    public void An_edit_that_adds_another_risk_asks_for_that_one_only()
    {
        var saved = Rule(3389, 3389);
        var wider = Rule(3389, 3389, externalEnd: 5900);

        var risks = RouterRisks.Unconfirmed(wider, saved, confirmed: false, Home);

        Assert.Equal([5432, 5900], risks.Select(r => r.Port));
    }

    [Fact]
    public void Opening_a_saved_rule_on_the_router_for_the_first_time_asks()
    {
        var saved = Rule(3389, 3389, openOnRouter: false);

        Assert.Single(RouterRisks.Unconfirmed(Rule(3389, 3389), saved, confirmed: false, Home));
    }
}
