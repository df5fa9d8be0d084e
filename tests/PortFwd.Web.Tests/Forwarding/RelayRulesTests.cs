using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Tests.Forwarding;

/// <summary>Where a saved rule listens: its own address, else the configured default, else everywhere; a bad saved value is an error, never everywhere.</summary>
public sealed class RelayRulesTests
{
    private static ForwardingRule Saved(string? listenAddress) => new()
    {
        Id = 7,
        Name = "Game",
        Protocol = Protocol.Tcp,
        ExternalPort = 27015,
        InternalHost = "192.168.1.20",
        InternalPort = 27015,
        ListenAddress = listenAddress,
    };

    [Theory]
    [InlineData("192.168.1.300")]
    [InlineData("nas.local")]
    [InlineData("10")]
    [InlineData("[::1]:80")]
    public void A_saved_listen_address_that_is_not_an_ip_address_is_an_error_naming_it(string saved)
    {
        var result = RelayRules.ListenAddress(Saved(saved), IPAddress.Loopback);

        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Contains($"\"{saved}\" is not an IP address", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rules_own_address_wins_over_the_configured_default()
    {
        var result = RelayRules.ListenAddress(Saved("192.168.1.10"), IPAddress.Loopback);

        Assert.True(result.IsSuccess);
        Assert.Equal(IPAddress.Parse("192.168.1.10"), result.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_its_own_address_a_rule_listens_on_the_configured_default(string? saved)
    {
        var result = RelayRules.ListenAddress(Saved(saved), IPAddress.Loopback);

        Assert.True(result.IsSuccess);
        Assert.Equal(IPAddress.Loopback, result.Value);
    }

    [Fact]
    public void Without_any_address_a_rule_listens_on_every_address()
    {
        var result = RelayRules.ListenAddress(Saved(null), null);

        Assert.True(result.IsSuccess);
        Assert.Equal(IPAddress.IPv6Any, result.Value);
    }

    [Fact]
    public void A_rule_without_limits_runs_with_the_relays_defaults_and_no_header()
    {
        var relay = RelayRules.From(Saved(null), IPAddress.Loopback);

        Assert.Same(PortFwd.Relay.Rules.RelayLimits.Default, relay.Limits);
        Assert.Equal(PortFwd.Relay.Rules.ProxyProtocolVersion.Off, relay.ProxyProtocol);
    }

    [Fact]
    public void The_rules_limits_reach_the_relay_with_KB_as_1024_bytes()
    {
        var rule = Saved(null);
        rule.ProxyProtocol = ProxyProtocolMode.V2;
        rule.MaxConnections = 50;
        rule.MaxConnectionsPerSource = 3;
        rule.RateLimitInKBps = 1024;
        rule.RateLimitOutKBps = 10_000_000;

        var relay = RelayRules.From(rule, IPAddress.Loopback);

        Assert.Equal(PortFwd.Relay.Rules.ProxyProtocolVersion.V2, relay.ProxyProtocol);
        Assert.Equal((50, 3, 1_048_576L, 10_240_000_000L),
            (relay.Limits.MaxTcpConnections, relay.Limits.MaxConnectionsPerSource, relay.Limits.RateLimitInBytesPerSecond, relay.Limits.RateLimitOutBytesPerSecond));
    }
}
