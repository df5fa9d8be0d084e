using PortFwd.Core.Rules;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Tests.Rules;

/// <summary>What the rules table's search box finds.</summary>
public sealed class RuleSearchTests
{
    private static readonly ForwardingRule[] Rules =
    [
        new() { Id = 1, Name = "Web server", Protocol = Protocol.Tcp, ExternalPort = 8080, InternalHost = "192.168.1.20", InternalPort = 80 },
        new() { Id = 2, Name = "WebRTC media", Description = "Jitsi videobridge", Protocol = Protocol.Udp, ExternalPort = 10000, ExternalPortEnd = 19999, InternalHost = "192.168.1.30", InternalPort = 10000 },
        new() { Id = 3, Name = "Game server", Protocol = Protocol.TcpUdp, ExternalPort = 25565, InternalHost = "nas.lan", InternalPort = 25565 },
        new() { Id = 4, Name = "Camera", Protocol = Protocol.Tcp, ExternalPort = 8443, InternalHost = "fd00::5", InternalPort = 443 },
    ];

    [Theory]
    [InlineData("", new[] { 1, 2, 3, 4 })]
    [InlineData("   ", new[] { 1, 2, 3, 4 })]
    [InlineData("server", new[] { 1, 3 })]
    [InlineData("WEB", new[] { 1, 2 })]
    [InlineData("jitsi", new[] { 2 })]
    [InlineData("udp", new[] { 2, 3 })]
    [InlineData("8080", new[] { 1 })]
    [InlineData("15000", new[] { 2 })]
    [InlineData("443", new[] { 4 })]
    [InlineData("192.168.1", new[] { 1, 2 })]
    [InlineData("nas.lan:25565", new[] { 3 })]
    [InlineData("[fd00::5]", new[] { 4 })]
    [InlineData("web 8080", new[] { 1 })]
    [InlineData("web 7777", new int[0])]
    [InlineData("ftp", new int[0])]
    public void Finds_rules_by_every_word_in_name_description_protocol_ports_or_host(string search, int[] ids) =>
        Assert.Equal(ids, RuleSearch.Filter(Rules, search).Select(r => r.Id));

    [Fact]
    public void Keeps_the_rules_in_their_order_and_leaves_the_list_it_was_given_alone()
    {
        var rules = Rules.Reverse().ToList();

        var found = RuleSearch.Filter(rules, "server");

        Assert.Equal([3, 1], found.Select(r => r.Id));
        Assert.Equal(4, rules.Count);
    }
}
