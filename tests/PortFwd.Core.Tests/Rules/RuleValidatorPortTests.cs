using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class RuleValidatorPortTests
{
    [Fact]
    public void Missing_external_port_is_refused_on_external_port()
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.ExternalPort = null));

        Drafts.AssertOnlyError(result, RuleFields.ExternalPort, "1 to 65535");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void External_port_outside_1_to_65535_is_refused_naming_the_value(int port)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.ExternalPort = port));

        Drafts.AssertOnlyError(result, RuleFields.ExternalPort, "1 to 65535", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    public void External_ports_at_the_bounds_are_accepted(int port)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.ExternalPort = port)));

        Assert.Equal(port, rule.ExternalPort);
        Assert.Null(rule.ExternalPortEnd);
    }

    [Theory]
    [InlineData(8080, 8079)]
    [InlineData(8080, 1)]
    public void Range_ending_below_its_start_is_refused_on_external_port_end(int start, int end)
    {
        var result = RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd) = (start, end)));

        Drafts.AssertOnlyError(result, RuleFields.ExternalPortEnd, $"({end})", $"({start})");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(65536)]
    public void Range_end_outside_1_to_65535_is_refused_on_external_port_end(int end)
    {
        var result = RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd) = (65000, end)));

        Drafts.AssertOnlyError(result, RuleFields.ExternalPortEnd, "1 to 65535", end.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Range_longer_than_16384_ports_is_refused_on_external_port_end()
    {
        var result = RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd) = (10000, 26384)));

        Drafts.AssertOnlyError(result, RuleFields.ExternalPortEnd, "16384", "10000-26384", "16385");
    }

    [Fact]
    public void A_WebRTC_media_range_of_10001_udp_ports_is_accepted()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd, d.InternalPort) = (10000, 20000, 30000), "udp")));

        Assert.Equal(10001, rule.ExternalPorts.Count);
        Assert.Equal(new PortRange(30000, 40000), rule.InternalPorts);
    }

    [Fact]
    public void A_range_opened_on_the_router_longer_than_1000_ports_is_refused_on_external_port_end()
    {
        var result = RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd, d.OpenOnRouter) = (10000, 11000, true)));

        Drafts.AssertOnlyError(result, RuleFields.ExternalPortEnd, "1000", "router", "10000-11000", "1001");
    }

    [Fact]
    public void A_range_of_1000_ports_can_be_opened_on_the_router()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd, d.OpenOnRouter) = (10000, 10999, true))));

        Assert.True(rule.OpenOnRouter);
        Assert.Equal(1000, rule.ExternalPorts.Count);
    }

    [Fact]
    public void Range_of_exactly_1000_ports_is_accepted()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd) = (10000, 10999))));

        Assert.Equal(new PortRange(10000, 10999), rule.ExternalPorts);
        Assert.Equal(1000, rule.ExternalPorts.Count);
        Assert.Equal(new PortRange(80, 1079), rule.InternalPorts);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    [InlineData("tcpudp")]
    [InlineData("http")]
    public void Range_end_equal_to_its_start_is_stored_as_a_single_port(string protocol)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd) = (8080, 8080), protocol)));

        Assert.Equal(8080, rule.ExternalPort);
        Assert.Null(rule.ExternalPortEnd);
        Assert.True(rule.ExternalPorts.IsSinglePort);
    }

    [Theory]
    [InlineData(8081)]
    [InlineData(9000)]
    [InlineData(8000)]
    public void Http_rule_with_a_range_is_refused_on_external_port_end(int end)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.ExternalPortEnd = end, "http"));

        Drafts.AssertOnlyError(result, RuleFields.ExternalPortEnd, "HTTP", "single port");
    }

    [Fact]
    public void Missing_internal_port_is_refused_on_internal_port()
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.InternalPort = null));

        Drafts.AssertOnlyError(result, RuleFields.InternalPort, "1 to 65535");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Internal_port_outside_1_to_65535_is_refused_naming_the_value(int port)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.InternalPort = port));

        Drafts.AssertOnlyError(result, RuleFields.InternalPort, "1 to 65535", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(1000, 1099, 65500, "65500-65599", "65436")]
    [InlineData(1000, 1001, 65535, "65535-65536", "65534")]
    public void Range_whose_internal_ports_would_pass_65535_is_refused_on_internal_port(int start, int end, int internalPort, string wouldRun, string highestFirstPort)
    {
        var result = RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd, d.InternalPort) = (start, end, internalPort)));

        Drafts.AssertOnlyError(result, RuleFields.InternalPort, wouldRun, "65535", highestFirstPort);
    }

    [Theory]
    [InlineData(1000, 1099, 65436)]
    [InlineData(60000, 60999, 1)]
    public void Range_whose_internal_ports_end_at_or_below_65535_is_accepted(int start, int end, int internalPort)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd, d.InternalPort) = (start, end, internalPort))));

        Assert.Equal(rule.ExternalPorts.Count, rule.InternalPorts.Count);
        Assert.True(rule.InternalPorts.End <= 65535);
    }

    [Fact]
    public void Panel_reserved_port_is_named_in_the_error_when_claimed()
    {
        var context = new RuleValidationContext([new ReservedPort(8080, "the panel's own port")]);

        var result = RuleValidator.Validate(Drafts.Valid(), context);

        Drafts.AssertOnlyError(result, RuleFields.ExternalPort, "8080", "the panel's own port");
    }

    [Theory]
    [InlineData("tcp", 8080, null)]
    [InlineData("tcpudp", 8080, null)]
    [InlineData("http", 8080, null)]
    [InlineData("tcp", 8000, 8100)]
    [InlineData("tcpudp", 8080, 8090)]
    [InlineData("tcp", 7081, 8080)]
    public void Panel_reserved_port_is_refused_for_tcp_transports_including_inside_a_range(string protocol, int start, int? end)
    {
        var context = new RuleValidationContext([new ReservedPort(8080, "the panel's own port")]);

        var result = RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd) = (start, end), protocol), context);

        Drafts.AssertOnlyError(result, RuleFields.ExternalPort, "8080", "the panel's own port");
    }

    [Theory]
    [InlineData("udp", 8080, null)]
    [InlineData("udp", 8000, 8100)]
    [InlineData("tcp", 8081, null)]
    [InlineData("tcp", 8081, 8090)]
    [InlineData("tcpudp", 7100, 8079)]
    public void Panel_reserved_port_is_free_for_udp_and_ranges_that_miss_it(string protocol, int start, int? end)
    {
        var context = new RuleValidationContext([new ReservedPort(8080, "the panel's own port")]);

        Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd) = (start, end), protocol), context));
    }

    [Fact]
    public void Every_reserved_port_inside_a_range_is_reported()
    {
        var context = new RuleValidationContext([new ReservedPort(8080, "the panel's own port"), new ReservedPort(8443, "the panel's HTTPS port")]);

        var result = RuleValidator.Validate(Drafts.With(d => (d.ExternalPort, d.ExternalPortEnd) = (8000, 8500)), context);

        Drafts.AssertOneMessageEach(result, RuleFields.ExternalPort, "8080", "8443");
    }

    [Theory]
    [InlineData("localhost", 8080, null, 8080)]
    [InlineData("LOCALHOST", 8080, null, 8080)]
    [InlineData("127.0.0.1", 8080, null, 8080)]
    [InlineData("127.0.0.2", 8080, null, 8080)]
    [InlineData("::1", 8080, null, 8080)]
    [InlineData("[::1]", 8080, null, 8080)]
    [InlineData("127.0.0.1", 8000, 8010, 8005)]
    [InlineData("127.0.0.1", 8005, 8010, 8000)]
    public void Forwarding_a_port_to_itself_on_this_machine_is_refused_on_internal_port(string host, int start, int? end, int internalPort)
    {
        var result = RuleValidator.Validate(Drafts.With(d => (d.InternalHost, d.ExternalPort, d.ExternalPortEnd, d.InternalPort) = (host, start, end, internalPort)));

        Drafts.AssertOnlyError(result, RuleFields.InternalPort, "itself");
    }

    [Theory]
    [InlineData("localhost", 8080, null, 8081)]
    [InlineData("127.0.0.1", 8000, 8010, 8011)]
    [InlineData("192.168.1.20", 8080, null, 8080)]
    [InlineData("nas.local", 8080, null, 8080)]
    public void Forwarding_to_another_port_or_another_machine_is_accepted(string host, int start, int? end, int internalPort)
    {
        Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => (d.InternalHost, d.ExternalPort, d.ExternalPortEnd, d.InternalPort) = (host, start, end, internalPort))));
    }
}
