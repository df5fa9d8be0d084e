using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class RuleValidatorOtherFieldsTests
{
    [Fact]
    public void Description_of_257_characters_is_refused_giving_the_limit_and_the_length()
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.Description = new string('d', 257)));

        Drafts.AssertOnlyError(result, RuleFields.Description, "256", "257");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("  Steve's Minecraft server  ", "Steve's Minecraft server")]
    public void Description_is_trimmed_and_blank_means_none(string? typed, string? stored)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.Description = typed)));

        Assert.Equal(stored, rule.Description);
    }

    [Fact]
    public void Description_of_256_characters_is_accepted()
    {
        var description = new string('d', 256);

        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.Description = description)));

        Assert.Equal(description, rule.Description);
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("nas.local")]
    [InlineData("192.168.1")]
    [InlineData("192.168.1.300")]
    [InlineData("10")]
    [InlineData("192.168.1.10:80")]
    [InlineData("[::1]:80")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:192.168.1.10")]
    public void Listen_address_that_is_not_a_unicast_ip_is_refused_naming_it(string address)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.ListenAddress = address));

        Drafts.AssertOnlyError(result, RuleFields.ListenAddress, $"\"{address}\"", "IP address of this machine");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("  ", null)]
    [InlineData("192.168.1.10", "192.168.1.10")]
    [InlineData(" 192.168.1.10 ", "192.168.1.10")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("::", "::")]
    [InlineData("FE80::1", "fe80::1")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public void Listen_address_is_normalized_and_empty_means_all_addresses(string? typed, string? stored)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.ListenAddress = typed)));

        Assert.Equal(stored, rule.ListenAddress);
    }

    [Fact]
    public void Several_errors_at_once_are_all_reported_on_their_fields()
    {
        var draft = new RuleDraft
        {
            Name = new string('n', 65),
            Protocol = "sctp",
            ExternalPort = 0,
            InternalHost = "not a host!",
            InternalPort = 65536,
            AllowedSources = ["garbage"],
            Description = new string('d', 257),
            ListenAddress = "nowhere",
        };

        var result = RuleValidator.Validate(draft);

        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Equal(
            new[]
            {
                RuleFields.Name, RuleFields.Protocol, RuleFields.ExternalPort, RuleFields.InternalHost, RuleFields.InternalPort,
                RuleFields.AllowedSources, RuleFields.Description, RuleFields.ListenAddress,
            }.Order(StringComparer.Ordinal),
            result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(result.Errors.Values, messages => Assert.Single(messages));
    }

    [Fact]
    public void Http_fields_are_reported_next_to_a_range_error_on_an_http_rule()
    {
        var result = RuleValidator.Validate(Drafts.With(d => (d.ExternalPortEnd, d.HostNames, d.PathPrefix) = (8090, ["bad host"], "app"), "http"));

        Assert.Equal(
            new[] { RuleFields.ExternalPortEnd, RuleFields.HostNames, RuleFields.PathPrefix }.Order(StringComparer.Ordinal),
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Empty_draft_reports_every_required_field()
    {
        var result = RuleValidator.Validate(new RuleDraft());

        Assert.Equal(
            new[] { RuleFields.Name, RuleFields.Protocol, RuleFields.ExternalPort, RuleFields.InternalHost, RuleFields.InternalPort }.Order(StringComparer.Ordinal),
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Valid_draft_yields_a_normalized_rule()
    {
        var draft = new RuleDraft
        {
            Name = "  Game server ",
            Protocol = "TCP/UDP",
            ExternalPort = 27015,
            ExternalPortEnd = 27030,
            InternalHost = " Gaming-PC.LAN. ",
            InternalPort = 27015,
            Enabled = false,
            OpenOnRouter = true,
            AllowedSources = ["203.0.113.7", " 198.51.100.0/24 ", "", "203.0.113.7/32"],
            HostNames = [],
            PathPrefix = "",
            Description = "  Counter-Strike  ",
            ListenAddress = " 192.168.1.10 ",
        };

        var rule = Drafts.AssertValid(RuleValidator.Validate(draft));

        Assert.Equal(0, rule.Id);
        Assert.Equal("Game server", rule.Name);
        Assert.Equal(Protocol.TcpUdp, rule.Protocol);
        Assert.Equal(27015, rule.ExternalPort);
        Assert.Equal(27030, rule.ExternalPortEnd);
        Assert.Equal("gaming-pc.lan", rule.InternalHost);
        Assert.Equal(27015, rule.InternalPort);
        Assert.False(rule.Enabled);
        Assert.True(rule.OpenOnRouter);
        Assert.Equal(["203.0.113.7/32", "198.51.100.0/24"], rule.AllowedSources);
        Assert.Empty(rule.HostNames);
        Assert.Null(rule.PathPrefix);
        Assert.Equal("Counter-Strike", rule.Description);
        Assert.Equal("192.168.1.10", rule.ListenAddress);
        Assert.Equal(new PortRange(27015, 27030), rule.ExternalPorts);
        Assert.Equal(new PortRange(27015, 27030), rule.InternalPorts);
    }

    [Fact]
    public void Valid_http_draft_keeps_its_host_names_and_path_prefix()
    {
        var draft = Drafts.With(d => (d.HostNames, d.PathPrefix, d.InternalHost) = (["Cloud.Example.com", "*.example.com"], "/nextcloud/", "[2001:db8::20]"), "http");

        var rule = Drafts.AssertValid(RuleValidator.Validate(draft));

        Assert.Equal(Protocol.Http, rule.Protocol);
        Assert.Equal(["cloud.example.com", "*.example.com"], rule.HostNames);
        Assert.Equal("/nextcloud", rule.PathPrefix);
        Assert.Equal("2001:db8::20", rule.InternalHost);
        Assert.True(rule.Enabled);
    }

    [Fact]
    public void Validation_does_not_change_the_draft()
    {
        var draft = Drafts.With(d => (d.Name, d.AllowedSources) = ("  Web  ", ["10.0.0.1"]));

        Drafts.AssertValid(RuleValidator.Validate(draft));

        Assert.Equal("  Web  ", draft.Name);
        Assert.Equal(["10.0.0.1"], draft.AllowedSources);
    }
}
