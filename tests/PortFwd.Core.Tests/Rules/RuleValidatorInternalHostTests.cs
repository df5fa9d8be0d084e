using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class RuleValidatorInternalHostTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_internal_host_is_refused_on_internal_host(string? host)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.InternalHost = host));

        Drafts.AssertOnlyError(result, RuleFields.InternalHost, "internal host");
    }

    [Theory]
    [InlineData("not a host!")]
    [InlineData("nas..local")]
    [InlineData("-nas.local")]
    [InlineData("nas-.local")]
    [InlineData("nas/share")]
    [InlineData("http://nas.local")]
    [InlineData("192.168.1")]
    [InlineData("192.168.1.256")]
    [InlineData("1234")]
    [InlineData("[nas.local]")]
    [InlineData("2001:db8::1::2")]
    public void Text_that_is_neither_an_address_nor_a_host_name_is_refused_naming_it(string host)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.InternalHost = host));

        Drafts.AssertOnlyError(result, RuleFields.InternalHost, $"\"{host}\"", "not an IP address or host name");
    }

    [Fact]
    public void Host_name_label_longer_than_63_characters_is_refused()
    {
        var host = new string('a', 64) + ".local";

        var result = RuleValidator.Validate(Drafts.With(d => d.InternalHost = host));

        Drafts.AssertOnlyError(result, RuleFields.InternalHost, host);
    }

    [Theory]
    [InlineData("host:80")]
    [InlineData("nas.local:8080")]
    [InlineData("192.168.1.20:80")]
    [InlineData("[2001:db8::1]:80")]
    [InlineData("[::1]:8080")]
    public void Internal_host_that_includes_a_port_is_refused_saying_so(string host)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.InternalHost = host));

        Drafts.AssertOnlyError(result, RuleFields.InternalHost, $"\"{host}\"", "includes a port", "Internal port");
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("[::]")]
    public void Unspecified_address_is_refused_as_no_address(string host)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.InternalHost = host));

        Drafts.AssertOnlyError(result, RuleFields.InternalHost, host, "no address");
    }

    [Theory]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("ff02::1")]
    public void Broadcast_or_multicast_address_is_refused(string host)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.InternalHost = host));

        Drafts.AssertOnlyError(result, RuleFields.InternalHost, host, "broadcast or multicast");
    }

    [Theory]
    [InlineData("192.168.1.20", "192.168.1.20")]
    [InlineData(" 10.0.0.5 ", "10.0.0.5")]
    [InlineData("192.168.001.020", "192.168.1.20")]
    [InlineData("010.000.000.001", "10.0.0.1")]
    [InlineData("::1", "::1")]
    [InlineData("fe80::1", "fe80::1")]
    [InlineData("FE80::A", "fe80::a")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("[2001:db8::1]", "2001:db8::1")]
    [InlineData("nas.local", "nas.local")]
    [InlineData("NAS.Local.", "nas.local")]
    [InlineData("my-pc", "my-pc")]
    [InlineData("media_server", "media_server")]
    [InlineData("localhost", "localhost")]
    [InlineData("10.example", "10.example")]
    public void Addresses_and_host_names_are_accepted_and_normalized(string typed, string stored)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.InternalHost = typed)));

        Assert.Equal(stored, rule.InternalHost);
    }
}
