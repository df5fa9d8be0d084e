using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class RuleValidatorLimitsTests
{
    [Fact]
    public void A_rule_without_limits_gets_the_defaults()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.Valid()));

        Assert.Equal((ProxyProtocolMode.Off, 1024, 0, 0, 0),
            (rule.ProxyProtocol, rule.MaxConnections, rule.MaxConnectionsPerSource, rule.RateLimitInKBps, rule.RateLimitOutKBps));
    }

    [Fact]
    public void Limits_within_bounds_are_kept()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d =>
        {
            d.ProxyProtocol = "V2";
            d.MaxConnections = 65535;
            d.MaxConnectionsPerSource = 65535;
            d.RateLimitInKBps = 10_000_000;
            d.RateLimitOutKBps = 1;
        })));

        Assert.Equal((ProxyProtocolMode.V2, 65535, 65535, 10_000_000, 1),
            (rule.ProxyProtocol, rule.MaxConnections, rule.MaxConnectionsPerSource, rule.RateLimitInKBps, rule.RateLimitOutKBps));
    }

    [Theory]
    [InlineData("tcp", "v1", ProxyProtocolMode.V1)]
    [InlineData("tcpudp", "v2", ProxyProtocolMode.V2)]
    [InlineData("udp", "off", ProxyProtocolMode.Off)]
    [InlineData("http", null, ProxyProtocolMode.Off)]
    public void The_proxy_protocol_is_read_for_rules_that_carry_tcp(string protocol, string? typed, ProxyProtocolMode expected)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.ProxyProtocol = typed, protocol)));

        Assert.Equal(expected, rule.ProxyProtocol);
    }

    [Fact]
    public void An_unknown_proxy_protocol_names_the_choices() =>
        Drafts.AssertOnlyError(RuleValidator.Validate(Drafts.With(d => d.ProxyProtocol = "v3")), RuleFields.ProxyProtocol, "off, v1, v2", "\"v3\"");

    [Theory]
    [InlineData("udp", "UDP")]
    [InlineData("http", "X-Forwarded-For")]
    public void The_proxy_protocol_on_a_udp_or_http_rule_is_an_error(string protocol, string mention) =>
        Drafts.AssertOnlyError(RuleValidator.Validate(Drafts.With(d => d.ProxyProtocol = "v1", protocol)), RuleFields.ProxyProtocol, mention, "off");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Connections_at_once_outside_1_to_65535_are_an_error(int value) =>
        Drafts.AssertOnlyError(RuleValidator.Validate(Drafts.With(d => d.MaxConnections = value)), RuleFields.MaxConnections, "1 to 65535", $"{value}");

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Connections_per_source_outside_0_to_65535_are_an_error(int value) =>
        Drafts.AssertOnlyError(RuleValidator.Validate(Drafts.With(d => d.MaxConnectionsPerSource = value)), RuleFields.MaxConnectionsPerSource, "0 (no limit)", $"{value}");

    [Fact]
    public void Connections_per_source_above_connections_at_once_are_an_error() =>
        Drafts.AssertOnlyError(RuleValidator.Validate(Drafts.With(d => { d.MaxConnections = 10; d.MaxConnectionsPerSource = 11; })),
            RuleFields.MaxConnectionsPerSource, "(11)", "(10)");

    [Theory]
    [InlineData(RuleFields.MaxConnections, 100)]
    [InlineData(RuleFields.MaxConnectionsPerSource, 2)]
    public void Connection_limits_on_a_udp_rule_are_an_error(string field, int value) =>
        Drafts.AssertOnlyError(RuleValidator.Validate(Drafts.With(d => Set(d, field, value), "udp")), field, "UDP", field);

    [Theory]
    [InlineData(RuleFields.MaxConnections, 100)]
    [InlineData(RuleFields.MaxConnectionsPerSource, 2)]
    [InlineData(RuleFields.RateLimitInKBps, 100)]
    [InlineData(RuleFields.RateLimitOutKBps, 100)]
    public void Limits_on_an_http_rule_are_an_error(string field, int value) =>
        Drafts.AssertOnlyError(RuleValidator.Validate(Drafts.With(d => Set(d, field, value), "http")), field, "HTTP rules", field);

    [Theory]
    [InlineData(RuleFields.RateLimitInKBps, -1)]
    [InlineData(RuleFields.RateLimitInKBps, 10_000_001)]
    [InlineData(RuleFields.RateLimitOutKBps, -5)]
    [InlineData(RuleFields.RateLimitOutKBps, 20_000_000)]
    public void Rate_limits_outside_0_to_10_million_KBps_are_an_error(string field, int value) =>
        Drafts.AssertOnlyError(RuleValidator.Validate(Drafts.With(d => Set(d, field, value))), field, "10,000,000 KB/s", $"{value}");

    [Fact]
    public void Rate_limits_apply_to_udp_rules()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => { d.RateLimitInKBps = 64; d.RateLimitOutKBps = 128; }, "udp")));

        Assert.Equal((64, 128), (rule.RateLimitInKBps, rule.RateLimitOutKBps));
    }

    [Fact]
    public void A_rule_round_trips_its_limits_through_its_draft()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => { d.ProxyProtocol = "v1"; d.MaxConnections = 9; d.MaxConnectionsPerSource = 3; d.RateLimitInKBps = 5; d.RateLimitOutKBps = 6; })));

        var again = Drafts.AssertValid(RuleValidator.Validate(rule.ToDraft()));

        Assert.Equal((ProxyProtocolMode.V1, 9, 3, 5, 6), (again.ProxyProtocol, again.MaxConnections, again.MaxConnectionsPerSource, again.RateLimitInKBps, again.RateLimitOutKBps));
    }

    private static void Set(RuleDraft draft, string field, int value)
    {
        switch (field)
        {
            case RuleFields.MaxConnections: draft.MaxConnections = value; break;
            case RuleFields.MaxConnectionsPerSource: draft.MaxConnectionsPerSource = value; break;
            case RuleFields.RateLimitInKBps: draft.RateLimitInKBps = value; break;
            default: draft.RateLimitOutKBps = value; break;
        }
    }
}
