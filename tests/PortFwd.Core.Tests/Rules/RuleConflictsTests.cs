using PortFwd.Core.Rules;
using static PortFwd.Core.Tests.Rules.ConflictRules;

namespace PortFwd.Core.Tests.Rules;

public class RuleConflictsTests
{
    [Theory]
    [InlineData(Protocol.Tcp, Protocol.Tcp, "/TCP")]
    [InlineData(Protocol.Udp, Protocol.Udp, "/UDP")]
    [InlineData(Protocol.TcpUdp, Protocol.Tcp, "/TCP")]
    [InlineData(Protocol.Tcp, Protocol.TcpUdp, "/TCP")]
    [InlineData(Protocol.TcpUdp, Protocol.Udp, "/UDP")]
    [InlineData(Protocol.Udp, Protocol.TcpUdp, "/UDP")]
    [InlineData(Protocol.TcpUdp, Protocol.TcpUdp, "/TCP")]
    [InlineData(Protocol.Http, Protocol.Tcp, "/TCP")]
    [InlineData(Protocol.Tcp, Protocol.Http, "/TCP")]
    [InlineData(Protocol.Http, Protocol.TcpUdp, "/TCP")]
    public void Same_port_and_transport_conflicts_naming_the_other_rule(Protocol candidate, Protocol stored, string transport)
    {
        var other = Rule(2, stored);

        var conflict = RuleConflicts.Find(Rule(1, candidate), [other]);

        Assert.NotNull(conflict);
        Assert.Same(other, conflict.Other);
        Assert.Contains("Port 8080" + transport, conflict.Message, StringComparison.Ordinal);
        Assert.Contains("\"Rule 2\"", conflict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Protocol.Tcp, Protocol.Udp)]
    [InlineData(Protocol.Udp, Protocol.Tcp)]
    [InlineData(Protocol.Http, Protocol.Udp)]
    [InlineData(Protocol.Udp, Protocol.Http)]
    public void Tcp_and_udp_on_the_same_port_do_not_conflict(Protocol candidate, Protocol stored)
    {
        Assert.Null(RuleConflicts.Find(Rule(1, candidate), [Rule(2, stored)]));
    }

    [Theory]
    [InlineData(8000, 8010, 8010, 8020, "Port 8010/")]
    [InlineData(8010, 8020, 8000, 8010, "Port 8010/")]
    [InlineData(8000, 8100, 8050, null, "Port 8050/")]
    [InlineData(8050, null, 8000, 8100, "Port 8050/")]
    [InlineData(8000, 8100, 8050, 8200, "Ports 8050-8100/")]
    [InlineData(8000, 8100, 8020, 8030, "Ports 8020-8030/")]
    public void Overlapping_ranges_conflict_naming_the_shared_ports(int start, int? end, int otherStart, int? otherEnd, string shared)
    {
        var conflict = RuleConflicts.Find(Rule(1, Protocol.Udp, start, end), [Rule(2, Protocol.TcpUdp, otherStart, otherEnd)]);

        Assert.NotNull(conflict);
        Assert.Contains(shared, conflict.Message, StringComparison.Ordinal);
        Assert.Contains("\"Rule 2\"", conflict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8000, 8010, 8011, 8020)]
    [InlineData(8011, 8020, 8000, 8010)]
    [InlineData(8000, 8010, 8011, null)]
    [InlineData(7999, null, 8000, 8010)]
    [InlineData(8080, null, 8081, null)]
    public void Adjacent_ranges_and_ports_do_not_conflict(int start, int? end, int otherStart, int? otherEnd)
    {
        Assert.Null(RuleConflicts.Find(Rule(1, Protocol.Tcp, start, end), [Rule(2, Protocol.Tcp, otherStart, otherEnd)]));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void Disabled_rules_never_conflict(bool candidateEnabled, bool otherEnabled)
    {
        Assert.Null(RuleConflicts.Find(Rule(1, enabled: candidateEnabled), [Rule(2, enabled: otherEnabled)]));
    }

    [Fact]
    public void Rule_does_not_conflict_with_its_own_stored_version()
    {
        var stored = Rule(7);
        var edited = Rule(7, Protocol.TcpUdp, 8080, 8090);

        Assert.Null(RuleConflicts.Find(edited, [stored]));
    }

    [Fact]
    public void New_rule_without_an_id_conflicts_with_stored_rules()
    {
        Assert.NotNull(RuleConflicts.Find(Rule(0), [Rule(3)]));
    }

    [Fact]
    public void Conflict_names_the_rule_that_actually_clashes()
    {
        var clashing = Rule(4, Protocol.Tcp, 8080);

        var conflict = RuleConflicts.Find(Rule(1), [Rule(1), Rule(2, enabled: false), Rule(3, Protocol.Udp), Rule(5, port: 9090), clashing]);

        Assert.NotNull(conflict);
        Assert.Same(clashing, conflict.Other);
        Assert.Contains("\"Rule 4\"", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_other_rules_means_no_conflict()
    {
        Assert.Null(RuleConflicts.Find(Rule(1), []));
    }

    [Theory]
    [InlineData("192.168.1.10", "192.168.1.11", false)]
    [InlineData("fe80::1", "fe80::2", false)]
    [InlineData("192.168.1.10", "fe80::1", false)]
    [InlineData("192.168.1.10", "192.168.1.10", true)]
    [InlineData(null, "192.168.1.10", true)]
    [InlineData("192.168.1.10", null, true)]
    [InlineData("", "192.168.1.10", true)]
    [InlineData("0.0.0.0", "192.168.1.10", true)]
    [InlineData("192.168.1.10", "0.0.0.0", true)]
    [InlineData("::", "192.168.1.10", true)]
    [InlineData(null, null, true)]
    [InlineData("0.0.0.0", "::", true)]
    public void Rules_conflict_only_when_their_listen_addresses_overlap(string? listen, string? otherListen, bool conflicts)
    {
        var conflict = RuleConflicts.Find(Rule(1, listen: listen), [Rule(2, listen: otherListen)]);

        Assert.Equal(conflicts, conflict is not null);
    }

    [Theory]
    [InlineData(new[] { "a.example.com" }, new[] { "b.example.com" }, null, null, false)]
    [InlineData(new[] { "a.example.com" }, new[] { "a.example.com" }, null, null, true)]
    [InlineData(new[] { "a.example.com" }, new[] { "A.Example.com" }, null, null, true)]
    [InlineData(new[] { "a.example.com", "b.example.com" }, new[] { "b.example.com", "c.example.com" }, null, null, true)]
    [InlineData(new string[0], new string[0], null, null, true)]
    [InlineData(new string[0], new string[0], "/app", "/app", true)]
    [InlineData(new string[0], new string[0], "/app", "/api", false)]
    [InlineData(new string[0], new string[0], null, "/app", false)]
    [InlineData(new[] { "a.example.com" }, new[] { "a.example.com" }, "/app", "/api", false)]
    [InlineData(new[] { "a.example.com" }, new[] { "a.example.com" }, "/app", "/app", true)]
    [InlineData(new[] { "a.example.com" }, new string[0], null, null, false)]
    public void Http_rules_share_a_port_when_host_names_or_path_prefixes_tell_them_apart(string[] hosts, string[] otherHosts, string? path, string? otherPath, bool conflicts)
    {
        var conflict = RuleConflicts.Find(Rule(1, Protocol.Http, hosts: hosts, path: path), [Rule(2, Protocol.Http, hosts: otherHosts, path: otherPath)]);

        Assert.Equal(conflicts, conflict is not null);
        if (conflict is not null)
        {
            Assert.Contains("\"Rule 2\"", conflict.Message, StringComparison.Ordinal);
            Assert.Contains("host names", conflict.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Http_rules_with_different_host_names_on_different_ports_do_not_conflict()
    {
        Assert.Null(RuleConflicts.Find(Rule(1, Protocol.Http, 80, hosts: ["a.example.com"]), [Rule(2, Protocol.Http, 8080, hosts: ["a.example.com"])]));
    }

    [Fact]
    public void Http_rule_with_host_names_still_conflicts_with_a_tcp_rule_on_its_port()
    {
        var conflict = RuleConflicts.Find(Rule(1, Protocol.Http, 443, hosts: ["a.example.com"]), [Rule(2, Protocol.Tcp, 400, 500)]);

        Assert.NotNull(conflict);
        Assert.Contains("Port 443/TCP", conflict.Message, StringComparison.Ordinal);
    }
}
