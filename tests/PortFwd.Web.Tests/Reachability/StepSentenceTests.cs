using System.Net;
using System.Net.Sockets;
using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.Forwarding;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Reachability;

namespace PortFwd.Web.Tests.Reachability;

/// <summary>What each step says, and what it tells the user to do, for the cases a home network runs into.</summary>
public sealed class StepSentenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static ForwardingRule Rule(Protocol protocol = Protocol.Tcp, int port = 25565, int? end = null, bool openOnRouter = true) => new()
    {
        Id = 7,
        Name = "Minecraft",
        Protocol = protocol,
        ExternalPort = port,
        ExternalPortEnd = end,
        InternalHost = "192.168.1.5",
        InternalPort = port,
        OpenOnRouter = openOnRouter,
    };

    [Fact]
    public void A_refused_connection_says_nothing_listens_and_to_start_the_service()
    {
        var step = ServiceCheck.Unanswered(Rule(), 25565, SocketError.ConnectionRefused);

        Assert.Equal(CheckStepStatus.Fail, step.Status);
        Assert.Equal("Nothing listens at 192.168.1.5:25565: the connection was refused.", step.Message);
        Assert.Contains("Start the service on 192.168.1.5", step.Fix);
        Assert.Contains("not only 127.0.0.1", step.Fix);
    }

    [Theory]
    [InlineData(SocketError.TimedOut, "did not answer within 2 seconds", "firewall")]
    [InlineData(SocketError.HostUnreachable, "cannot be reached from this machine", "fixed address")]
    [InlineData(SocketError.HostNotFound, "does not resolve", "IP address instead")]
    public void Other_connection_failures_name_their_cause(SocketError error, string said, string fix)
    {
        var step = ServiceCheck.Unanswered(Rule(), 25565, error);

        Assert.Equal(CheckStepStatus.Fail, step.Status);
        Assert.Contains(said, step.Message);
        Assert.Contains(fix, step.Fix);
    }

    [Fact]
    public void A_UDP_service_with_answers_in_the_last_hour_passes_and_without_them_is_skipped_saying_why()
    {
        var answered = ServiceCheck.UdpAnswers(Rule(Protocol.Udp), 42);
        var silent = ServiceCheck.UdpAnswers(Rule(Protocol.Udp), 0);

        Assert.Equal(CheckStepStatus.Pass, answered.Status);
        Assert.Equal("192.168.1.5:25565 answered 42 datagrams through this rule in the last hour.", answered.Message);
        Assert.Equal(CheckStepStatus.Skipped, silent.Status);
        Assert.Contains("UDP has no connection to open", silent.Message);
        Assert.Contains("Use the service once from a client", silent.Fix);
    }

    [Fact]
    public void The_relay_step_follows_the_rules_applied_state_and_quotes_its_error()
    {
        var rule = Rule();

        var active = RelayCheck.Of(rule, new RuleStatus(RuleState.Active, null, ["tcp/0.0.0.0:25565", "udp/0.0.0.0:25565"], Now));
        var off = RelayCheck.Of(rule, new RuleStatus(RuleState.Disabled, "The rule is turned off.", [], Now));
        var error = RelayCheck.Of(rule, new RuleStatus(RuleState.Error, "Port 25565 is in use by another program.", [], Now));
        var pending = RelayCheck.Of(rule, new RuleStatus(RuleState.Pending, "Saved; being applied.", [], Now));

        Assert.Equal((CheckStepStatus.Pass, "PortFwd listens on TCP 0.0.0.0:25565, UDP 0.0.0.0:25565."), (active.Status, active.Message));
        Assert.Equal((CheckStepStatus.Fail, "The rule is turned off, so PortFwd does not listen on TCP port 25565."), (off.Status, off.Message));
        Assert.Contains("Turn the rule on", off.Fix);
        Assert.Equal((CheckStepStatus.Fail, "PortFwd cannot listen on TCP port 25565: Port 25565 is in use by another program."), (error.Status, error.Message));
        Assert.Equal(CheckStepStatus.Warn, pending.Status);
    }

    [Fact]
    public void The_relay_step_of_a_rule_outside_its_schedule_says_until_when_it_is_off()
    {
        var step = RelayCheck.Of(Rule(), new RuleStatus(RuleState.Scheduled, "Off by schedule until Fri 18:00", [], Now));

        Assert.Equal((CheckStepStatus.Fail, "The rule is outside its schedule, so PortFwd does not listen on TCP port 25565 now (Off by schedule until Fri 18:00)."),
            (step.Status, step.Message));
        Assert.Contains("change the schedule", step.Fix);
    }

    [Fact]
    public void A_range_the_relay_listens_on_is_one_run_of_ports_not_one_endpoint_per_port()
    {
        var range = Rule(Protocol.Udp, 10000, 19999);
        var listening = Enumerable.Range(10000, 10000).Select(p => $"udp/0.0.0.0:{p}").ToList();

        var step = RelayCheck.Of(range, new RuleStatus(RuleState.Active, null, listening, Now));

        Assert.Equal("PortFwd listens on UDP 0.0.0.0:10000-19999.", step.Message);
    }

    [Fact]
    public void Manual_instructions_say_exactly_what_to_forward_where()
    {
        Assert.Equal(
            "On the router's own page (http://192.168.1.1/), under \"Port forwarding\" (also called \"Virtual servers\" or \"NAT\"), forward TCP 25565 to 192.168.1.5 port 25565.",
            RouterCheck.Manual(Rule(), IPAddress.Parse("192.168.1.5"), "http://192.168.1.1/"));
        Assert.Equal(
            "On the router's own page, under \"Port forwarding\" (also called \"Virtual servers\" or \"NAT\"), forward TCP and UDP 27015-27030 to 192.168.1.5 ports 27015-27030, or turn on \"Open on router\" for this rule and let PortFwd do it.",
            RouterCheck.Manual(Rule(Protocol.TcpUdp, 27015, 27030, openOnRouter: false), IPAddress.Parse("192.168.1.5"), null));
        Assert.Contains("forward TCP 8080 to this machine's LAN address port 8080",
            RouterCheck.Manual(Rule(Protocol.Http, 8080), null, null));
    }

    [Fact]
    public void A_missing_mapping_is_a_failure_when_PortFwd_should_hold_it_and_a_warning_when_the_rule_does_not_ask()
    {
        var refused = RouterCheck.Missing(Rule(), PortProtocol.Tcp, 25565,
            new RouterRuleStatus(RouterRuleState.Error, "The router refused: ConflictInMappingEntry (718)."), routerTableListed: true, "MANUAL");
        var lost = RouterCheck.Missing(Rule(), PortProtocol.Tcp, 25565, new RouterRuleStatus(RouterRuleState.Mapped, "Open"), routerTableListed: true, "MANUAL");
        var pending = RouterCheck.Missing(Rule(), PortProtocol.Tcp, 25565, new RouterRuleStatus(RouterRuleState.Pending, "Asking"), routerTableListed: true, "MANUAL");
        var notYet = RouterCheck.Missing(Rule(), PortProtocol.Tcp, 25565, new RouterRuleStatus(RouterRuleState.Unavailable, "Looking for the router…"), routerTableListed: true, "MANUAL");
        var notAsked = RouterCheck.Missing(Rule(openOnRouter: false), PortProtocol.Tcp, 25565, null, routerTableListed: true, "MANUAL");
        var cannotList = RouterCheck.Missing(Rule(openOnRouter: false), PortProtocol.Tcp, 25565, null, routerTableListed: false, "MANUAL");

        Assert.Equal(CheckStepStatus.Fail, refused.Status);
        Assert.Contains("ConflictInMappingEntry (718)", refused.Message);
        Assert.EndsWith("MANUAL", refused.Fix);
        Assert.Equal(CheckStepStatus.Fail, lost.Status);
        Assert.Contains("may have restarted", lost.Message);
        Assert.Equal(CheckStepStatus.Warn, pending.Status);
        Assert.Equal((CheckStepStatus.Warn, "Check again in a moment."), (notYet.Status, notYet.Fix));
        Assert.Equal((CheckStepStatus.Warn, "MANUAL"), (notAsked.Status, notAsked.Fix));
        Assert.Contains("\"Open on router\" is off", notAsked.Message);
        Assert.Contains("cannot show forwardings set up on its own page", cannotList.Message);
    }

    [Fact]
    public void A_public_router_address_that_the_internet_also_sees_passes()
    {
        var step = PublicAddressCheck.Describe(Router("198.51.100.1"), RouterState.Found, IPAddress.Parse("198.51.100.1"), "probe.example");

        Assert.Equal(CheckStepStatus.Pass, step.Status);
        Assert.Equal("The router's address 198.51.100.1 is public, and it is the address the internet sees (asked probe.example).", step.Message);
    }

    [Fact]
    public void The_internet_seeing_another_address_than_the_router_reports_is_carrier_grade_NAT()
    {
        var step = PublicAddressCheck.Describe(Router("198.51.100.1"), RouterState.Found, IPAddress.Parse("203.0.113.9"), "probe.example");

        Assert.Equal(CheckStepStatus.Fail, step.Status);
        Assert.Contains("but the internet sees this network at 203.0.113.9", step.Message);
        Assert.Contains("carrier-grade NAT", step.Message);
        Assert.Equal(PublicAddressCheck.SharedAddressFix, step.Fix);
    }

    [Fact]
    public void A_private_router_address_is_double_NAT_with_bridge_mode_as_the_fix()
    {
        var step = PublicAddressCheck.Describe(Router("192.168.0.2"), RouterState.Found, IPAddress.Parse("203.0.113.9"), null);

        Assert.Equal(CheckStepStatus.Warn, step.Status);
        Assert.Contains("192.168.0.2 is private", step.Message);
        Assert.Contains("double NAT", step.Message);
        Assert.Contains("bridge", step.Fix);
        Assert.Contains("to 192.168.0.2", step.Fix);
    }

    [Fact]
    public void A_shared_address_range_or_no_router_address_at_all_is_carrier_grade_NAT()
    {
        var shared = PublicAddressCheck.Describe(Router("100.64.12.34"), RouterState.Found, null, null);
        var none = PublicAddressCheck.Describe(Router(null), RouterState.Found, IPAddress.Parse("198.51.100.1"), "probe.example");

        Assert.Equal(CheckStepStatus.Fail, shared.Status);
        Assert.Contains("100.64.0.0/10", shared.Message);
        Assert.Equal(CheckStepStatus.Fail, none.Status);
        Assert.Contains("no public IPv4 address of its own", none.Message);
        Assert.Contains("The internet sees this network at 198.51.100.1 (asked probe.example).", none.Message);
        Assert.StartsWith(PublicAddressCheck.SharedAddressFix, none.Fix);
    }

    [Fact]
    public void Without_a_router_the_step_warns_when_the_internet_saw_an_address_and_is_skipped_when_nothing_is_known()
    {
        var seen = PublicAddressCheck.Describe(PublicAddressInfo.Unknown, RouterState.Off, IPAddress.Parse("203.0.113.9"), "echo.example");
        var nothing = PublicAddressCheck.Describe(PublicAddressInfo.Unknown, RouterState.NotFound, null, null);

        Assert.Equal(CheckStepStatus.Warn, seen.Status);
        Assert.Contains("203.0.113.9", seen.Message);
        Assert.Equal(CheckStepStatus.Skipped, nothing.Status);
        Assert.Contains("PortFwd:Reachability:ProbeUrl", nothing.Fix);
    }

    [Fact]
    public void A_closed_port_from_the_internet_points_at_the_first_broken_link_before_it()
    {
        var context = new CheckContext(Rule()) { PublicAddress = IPAddress.Parse("198.51.100.1") };
        context.Add(CheckStep.Pass(CheckStepName.Service, "ok"));
        context.Add(CheckStep.Pass(CheckStepName.Relay, "ok"));
        context.Add(CheckStep.Warn(CheckStepName.Router, "not mapped", "forward it"));
        var closed = ProbeResult.Ok(new ProbeAnswer(IPAddress.Parse("198.51.100.1"), 25565, false, new Uri("http://probe.example/port/25565"), Now));

        var step = InternetCheck.Describe(context, closed);

        Assert.Equal(CheckStepStatus.Fail, step.Status);
        Assert.Equal("probe.example could not connect to 198.51.100.1:25565 from the internet.", step.Message);
        Assert.Contains("fix the router step first", step.Fix);
    }

    [Fact]
    public void A_closed_port_with_every_link_fine_blames_the_firewall_or_the_provider_and_an_open_one_passes()
    {
        var context = new CheckContext(Rule()) { PublicAddress = IPAddress.Parse("198.51.100.1") };
        context.Add(CheckStep.Pass(CheckStepName.Router, "ok"));
        var url = new Uri("http://probe.example/port/25565");

        var closed = InternetCheck.Describe(context, ProbeResult.Ok(new ProbeAnswer(IPAddress.Parse("198.51.100.1"), 25565, false, url, Now)));
        var open = InternetCheck.Describe(context, ProbeResult.Ok(new ProbeAnswer(IPAddress.Parse("198.51.100.1"), 25565, true, url, Now)));
        var elsewhere = InternetCheck.Describe(context, ProbeResult.Ok(new ProbeAnswer(IPAddress.Parse("203.0.113.9"), 25565, true, url, Now)));
        var silent = InternetCheck.Describe(context, ProbeResult.Fail("probe.example did not answer in time"));

        Assert.Contains("provider blocks incoming connections", closed.Fix);
        Assert.Equal((CheckStepStatus.Pass, "probe.example connected to 198.51.100.1:25565 from the internet."), (open.Status, open.Message));
        Assert.Contains("It saw this network at 203.0.113.9, not at the public address 198.51.100.1.", elsewhere.Message);
        Assert.Equal(CheckStepStatus.Warn, silent.Status);
        Assert.Contains("did not answer in time", silent.Message);
    }

    [Theory]
    [InlineData("{\"ip\":\"198.51.100.1\",\"port\":25565,\"reachable\":true}", true, "198.51.100.1", null)]
    [InlineData("{\"ip\":\"198.51.100.1\",\"port\":25565,\"reachable\":false}", false, "198.51.100.1", null)]
    [InlineData("{\"port\":25565,\"reachable\":true}", true, null, null)]
    [InlineData("{\"ip\":\"198.51.100.1\",\"port\":80,\"reachable\":true}", null, null, "answered for port 80, not 25565")]
    [InlineData("{\"ip\":\"198.51.100.1\"}", null, null, "no \"reachable\" field")]
    [InlineData("<html>rate limited</html>", null, null, "did not answer with JSON")]
    public void The_probe_answer_is_read_in_the_echoip_format(string body, bool? reachable, string? seen, string? error)
    {
        var result = InternetProbe.Read(body, new Uri("http://probe.example/port/25565"), 25565, Now);

        Assert.Equal(reachable, result.Value?.Reachable);
        Assert.Equal(seen, result.Value?.SeenAddress?.ToString());
        if (error is null)
        {
            Assert.True(result.IsSuccess);
        }
        else
        {
            Assert.Contains(error, result.Error!.Message);
        }
    }

    [Fact]
    public void A_Dynamic_DNS_name_passes_when_it_resolves_to_the_public_address_and_fails_with_a_fix_when_not()
    {
        var public1 = IPAddress.Parse("198.51.100.1");
        var right = NameCheck.Of(new DdnsResolutionCheck("home.example.net", [public1], true, "home.example.net resolves to the public address 198.51.100.1."));
        var wrong = NameCheck.Of(new DdnsResolutionCheck("home.example.net", [IPAddress.Parse("203.0.113.5")], false, "home.example.net resolves to 203.0.113.5, not the public address 198.51.100.1."));
        var unknown = NameCheck.Of(new DdnsResolutionCheck("home.example.net", [], null, "not known"));

        Assert.Equal(CheckStepStatus.Pass, right.Status);
        Assert.Equal(CheckStepStatus.Fail, wrong.Status);
        Assert.Contains("Dynamic DNS page", wrong.Fix);
        Assert.Equal(CheckStepStatus.Warn, unknown.Status);
    }

    private static PublicAddressInfo Router(string? wan)
    {
        var address = wan is null ? null : IPAddress.Parse(wan);
        return PublicAddressInfo.FromRouter(new RouterStatus(RouterProtocol.Upnp, "Router", address, address is null ? "Disconnected" : "Connected"), Now);
    }
}
