using System.Net;
using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

/// <summary>A rule must never forward to the panel itself: with "Open on router" that would publish the admin panel.</summary>
public class RuleValidatorPanelTargetTests
{
    private const string PanelMessage = "This would expose this admin panel to the internet: port 8080 on this machine is the PortFwd panel itself. Choose the port of the service you want to publish.";

    private static readonly IPAddress InterfaceAddress = IPAddress.Parse("192.168.1.10");

    private static readonly RuleValidationContext Panel = new([])
    {
        PanelPorts = [8080],
        MachineAddresses = [InterfaceAddress, IPAddress.Parse("fe80::1%2")],
    };

    private static RuleDraft Target(string host, int internalPort, string protocol = "tcp") =>
        Drafts.With(d => (d.ExternalPort, d.InternalHost, d.InternalPort) = (9000, host, internalPort), protocol);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    [InlineData("192.168.1.10")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void An_address_of_this_machine_on_the_panels_port_is_refused_on_internal_port(string host)
    {
        var result = RuleValidator.Validate(Target(host, 8080), Panel);

        Assert.Equal(PanelMessage, Drafts.AssertOnlyError(result, RuleFields.InternalPort));
    }

    [Theory]
    [InlineData("tcpudp")]
    [InlineData("http")]
    public void Every_protocol_that_forwards_tcp_is_refused(string protocol)
    {
        var result = RuleValidator.Validate(Target("127.0.0.1", 8080, protocol), Panel);

        Assert.Equal(PanelMessage, Drafts.AssertOnlyError(result, RuleFields.InternalPort));
    }

    [Fact]
    public void A_udp_rule_may_use_the_panels_port_number_because_the_panel_serves_tcp()
    {
        Drafts.AssertValid(RuleValidator.Validate(Target("127.0.0.1", 8080, "udp"), Panel));
    }

    [Fact]
    public void A_host_name_that_resolves_to_this_machine_is_refused()
    {
        var draft = Target(" Panel-Box.lan. ", 8080);
        var name = RuleValidator.HostNameToResolve(draft);
        Assert.Equal("panel-box.lan", name);
        var context = Panel with { HostAddresses = new Dictionary<string, IReadOnlyList<IPAddress>> { [name!] = [IPAddress.Parse("203.0.113.9"), InterfaceAddress] } };

        var result = RuleValidator.Validate(draft, context);

        Assert.Equal(PanelMessage, Drafts.AssertOnlyError(result, RuleFields.InternalPort));
    }

    [Fact]
    public void A_host_name_that_resolves_elsewhere_or_not_at_all_is_accepted()
    {
        var elsewhere = Panel with { HostAddresses = new Dictionary<string, IReadOnlyList<IPAddress>> { ["nas.lan"] = [IPAddress.Parse("192.168.1.20")] } };

        Drafts.AssertValid(RuleValidator.Validate(Target("nas.lan", 8080), elsewhere));
        Drafts.AssertValid(RuleValidator.Validate(Target("unknown.lan", 8080), elsewhere));
    }

    [Theory]
    [InlineData("192.168.1.20")]
    [InlineData("nas.local")]
    [InlineData("2001:db8::20")]
    public void Another_machine_on_the_panels_port_number_is_accepted(string host)
    {
        Drafts.AssertValid(RuleValidator.Validate(Target(host, 8080), Panel));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("192.168.1.10")]
    public void This_machine_on_another_port_is_accepted(string host)
    {
        Drafts.AssertValid(RuleValidator.Validate(Target(host, 8081), Panel));
    }

    [Theory]
    [InlineData(8075)]
    [InlineData(8080)]
    [InlineData(8071)]
    public void A_range_whose_target_ports_cover_the_panels_port_is_refused(int internalStart)
    {
        var draft = Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd, d.InternalHost, d.InternalPort) = (9000, 9009, "127.0.0.1", internalStart));

        var result = RuleValidator.Validate(draft, Panel);

        Assert.Equal(PanelMessage, Drafts.AssertOnlyError(result, RuleFields.InternalPort));
    }

    [Theory]
    [InlineData(8070)]
    [InlineData(8081)]
    public void A_range_whose_target_ports_miss_the_panels_port_is_accepted(int internalStart)
    {
        var draft = Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd, d.InternalHost, d.InternalPort) = (9000, 9009, "127.0.0.1", internalStart));

        Drafts.AssertValid(RuleValidator.Validate(draft, Panel));
    }

    [Fact]
    public void Every_panel_port_a_range_reaches_is_named()
    {
        var context = Panel with { PanelPorts = [8443, 8080] };
        var draft = Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd, d.InternalHost, d.InternalPort) = (9000, 9499, "::1", 8000));

        var result = RuleValidator.Validate(draft, context);

        Drafts.AssertOneMessageEach(result, RuleFields.InternalPort, "port 8080 on this machine", "port 8443 on this machine");
    }

    [Fact]
    public void A_rule_onto_the_panels_port_from_the_same_port_names_the_panel_not_a_loop()
    {
        var context = Panel with { ReservedPorts = [] };
        var draft = Drafts.With(d => (d.ExternalPort, d.InternalHost, d.InternalPort) = (8080, "127.0.0.1", 8080));

        var result = RuleValidator.Validate(draft, context);

        Assert.Equal(PanelMessage, Drafts.AssertOnlyError(result, RuleFields.InternalPort));
    }

    [Fact]
    public void Forwarding_a_port_to_itself_on_an_interface_address_of_this_machine_is_a_loop()
    {
        var draft = Drafts.With(d => (d.ExternalPort, d.InternalHost, d.InternalPort) = (9000, "192.168.1.10", 9000));

        var result = RuleValidator.Validate(draft, Panel);

        Drafts.AssertOnlyError(result, RuleFields.InternalPort, "itself on this machine");
    }

    [Theory]
    [InlineData("192.168.1.20")]
    [InlineData("localhost")]
    [InlineData("not a host!")]
    [InlineData("")]
    public void Only_a_valid_host_name_is_offered_for_resolving(string host)
    {
        Assert.Null(RuleValidator.HostNameToResolve(Drafts.With(d => d.InternalHost = host)));
    }
}
