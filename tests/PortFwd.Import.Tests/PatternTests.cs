using PortFwd.Core.Rules;
using PortFwd.Import.Rinetd;
using PortFwd.Import.Text;

namespace PortFwd.Import.Tests;

/// <summary>The pieces the parsers share: rinetd's allow patterns as networks, DNAT targets, format names.</summary>
public class PatternTests
{
    [Theory]
    [InlineData("192.168.1.5", "192.168.1.5/32")]
    [InlineData("192.168.1.*", "192.168.1.0/24")]
    [InlineData("10.*", "10.0.0.0/8")]
    [InlineData("10.*.*.*", "10.0.0.0/8")]
    [InlineData("*", "0.0.0.0/0")]
    [InlineData("2001:db8::5", "2001:db8::5/128")]
    [InlineData("[2001:db8::5]", "2001:db8::5/128")]
    public void A_rinetd_pattern_of_whole_trailing_octets_is_a_network(string pattern, string network)
    {
        Assert.True(AllowPattern.TryNetwork(pattern, out var actual, out var problem), problem.Text);
        Assert.Equal(network, actual);
    }

    [Theory]
    [InlineData("192.168.1.1?", "\"?\"")]
    [InlineData("192.168.1*", "inside the address")]
    [InlineData("10.*.1.1", "inside the address")]
    [InlineData("10.1", "not an IPv4 address")]
    [InlineData("1.2.3.4.5", "not an IPv4 address")]
    [InlineData("300.1.1.1", "not an IPv4 address")]
    [InlineData("2001:db8::*", "IPv6 wildcard")]
    public void A_rinetd_pattern_no_network_describes_is_refused_with_why(string pattern, string mention)
    {
        Assert.False(AllowPattern.TryNetwork(pattern, out _, out var problem));
        Assert.Contains(mention, problem.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.168.0.0/16", "192.168.1.0/24", "192.168.1.0/24")]
    [InlineData("192.168.1.0/24", "192.168.0.0/16", "192.168.1.0/24")]
    [InlineData("10.0.0.0/8", "192.168.1.0/24", "")]
    public void Global_and_own_allows_intersect_to_the_smaller_network(string global, string own, string both)
    {
        Assert.Equal(both, string.Join(",", AllowPattern.Intersect([global], [own])));
    }

    [Theory]
    [InlineData("192.168.1.20", 8080, 8080, 8080)]
    [InlineData("192.168.1.20:80", 8080, 8080, 80)]
    [InlineData("192.168.1.20:8000-8010", 8000, 8010, 8000)]
    [InlineData("192.168.1.20:8000-8010/9000", 9000, 9010, 8000)]
    [InlineData("[2001:db8::1]:443", 8443, 8443, 443)]
    [InlineData("2001:db8::1", 53, 53, 53)]
    public void A_dnat_target_that_maps_one_to_one_gives_the_first_internal_port(string text, int start, int end, int internalPort)
    {
        Assert.True(DnatTarget.TryParse(text, out var target, out var problem), problem.Text);
        Assert.Equal(internalPort, target.InternalPortFor(new PortRange(start, end), out problem));
    }

    [Theory]
    [InlineData("192.168.1.20:80", 8000, 8010, "to the single port 80")]
    [InlineData("192.168.1.20:9000-9010", 8000, 8010, "does not map one to one")]
    [InlineData("192.168.1.20:8000-8010/7000", 9000, 9010, "does not map one to one")]
    public void A_dnat_target_that_spreads_ports_is_refused(string text, int start, int end, string mention)
    {
        Assert.True(DnatTarget.TryParse(text, out var target, out _));
        Assert.Null(target.InternalPortFor(new PortRange(start, end), out var problem));
        Assert.Contains(mention, problem.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rinetd", ImportFormat.Rinetd)]
    [InlineData("FRPC", ImportFormat.Frpc)]
    [InlineData("frpc.ini", ImportFormat.Frpc)]
    [InlineData("iptables-save", ImportFormat.Iptables)]
    [InlineData("nft", ImportFormat.Nftables)]
    public void Format_names_are_read_as_the_api_and_the_tools_write_them(string name, ImportFormat format)
    {
        Assert.True(ImportFormatNames.TryParse(name, out var actual));
        Assert.Equal(format, actual);
        Assert.True(ImportFormatNames.TryParse(actual.ToName(), out var again));
        Assert.Equal(format, again);
    }

    [Fact]
    public void An_unknown_format_name_is_not_read()
    {
        Assert.False(ImportFormatNames.TryParse("pf.conf", out _));
    }
}
