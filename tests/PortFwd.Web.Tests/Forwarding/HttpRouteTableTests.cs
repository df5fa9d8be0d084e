using System.Net;
using Microsoft.AspNetCore.Http;
using PortFwd.Core.Rules;
using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Tests.Forwarding;

/// <summary>Which rule of a port answers a request: host names before catch-alls, longer prefixes first, exact names before wildcards.</summary>
public sealed class HttpRouteTableTests
{
    private static HttpRoute Route(int id, string? prefix = null, string[]? hosts = null, string[]? allowed = null) => new(
        new ForwardingRule
        {
            Id = id,
            Name = "rule " + id,
            Protocol = Protocol.Http,
            ExternalPort = 8080,
            InternalHost = "127.0.0.1",
            InternalPort = 9000 + id,
            PathPrefix = prefix,
            HostNames = [.. hosts ?? []],
            AllowedSources = [.. allowed ?? []],
        },
        new HttpRuleCounters());

    private static int? Find(HttpRouteTable table, string host, string path) => table.Find(host, new PathString(path))?.Rule.Id;

    [Fact]
    public void A_port_without_rules_matches_nothing()
    {
        Assert.Null(Find(HttpRouteTable.Empty, "example.com", "/"));
    }

    [Fact]
    public void A_rule_naming_the_host_wins_over_a_catch_all_rule_whatever_their_prefixes()
    {
        var table = new HttpRouteTable([Route(1, prefix: "/api/v1"), Route(2, hosts: ["app.example.com"])]);

        Assert.Equal(2, Find(table, "app.example.com", "/api/v1/users"));
        Assert.Equal(1, Find(table, "other.example.com", "/api/v1/users"));
        Assert.Null(Find(table, "other.example.com", "/"));
    }

    [Theory]
    [InlineData("/app", 2)]
    [InlineData("/app/", 2)]
    [InlineData("/APP/index.html", 2)]
    [InlineData("/app/admin", 3)]
    [InlineData("/app/admin/x", 3)]
    [InlineData("/app/administrator", 2)]
    [InlineData("/apple", 1)]
    [InlineData("/", 1)]
    public void The_longest_matching_prefix_wins_and_a_prefix_ends_at_a_segment(string path, int rule)
    {
        var table = new HttpRouteTable([Route(1), Route(2, prefix: "/app"), Route(3, prefix: "/app/admin")]);

        Assert.Equal(rule, Find(table, "example.com", path));
    }

    [Theory]
    [InlineData("www.example.com", 1)]
    [InlineData("WWW.Example.COM", 1)]
    [InlineData("www.example.com.", 1)]
    [InlineData("cam.example.com", 2)]
    [InlineData("a.b.example.com", 2)]
    [InlineData("x.lab.example.com", 3)]
    [InlineData("example.com", null)]
    [InlineData("example.org", null)]
    [InlineData("", null)]
    public void An_exact_host_name_wins_over_a_wildcard_and_a_longer_wildcard_over_a_shorter_one(string host, int? rule)
    {
        var table = new HttpRouteTable(
        [
            Route(2, hosts: ["*.example.com"]),
            Route(1, hosts: ["www.example.com"]),
            Route(3, hosts: ["*.lab.example.com"]),
        ]);

        Assert.Equal(rule, Find(table, host, "/"));
    }

    [Fact]
    public void A_wildcard_rule_with_a_longer_prefix_wins_over_an_exact_name_with_a_shorter_one()
    {
        var table = new HttpRouteTable([Route(1, hosts: ["www.example.com"]), Route(2, prefix: "/api", hosts: ["*.example.com"])]);

        Assert.Equal(2, Find(table, "www.example.com", "/api/items"));
        Assert.Equal(1, Find(table, "www.example.com", "/index.html"));
    }

    [Fact]
    public void A_rule_with_several_host_names_answers_each()
    {
        var table = new HttpRouteTable([Route(1, hosts: ["a.example.com", "*.b.example.com"])]);

        Assert.Equal(1, Find(table, "a.example.com", "/"));
        Assert.Equal(1, Find(table, "x.b.example.com", "/"));
        Assert.Null(Find(table, "b.example.com", "/"));
    }

    [Fact]
    public void A_route_sends_to_the_rules_service_with_the_whole_path()
    {
        var route = Route(4, prefix: "/cam");

        Assert.Equal("http://127.0.0.1:9004/", route.Destination);
    }

    [Theory]
    [InlineData("192.168.1.20", true)]
    [InlineData("::ffff:192.168.1.20", true)]
    [InlineData("192.168.2.20", false)]
    [InlineData("fd00::1", true)]
    [InlineData("2001:db8::1", false)]
    public void The_allow_list_admits_only_its_networks_also_for_ipv4_mapped_clients(string client, bool allowed)
    {
        var route = Route(5, allowed: ["192.168.1.0/24", "fd00::/8"]);

        Assert.Equal(allowed, route.Allows(IPAddress.Parse(client)));
        Assert.False(route.Allows(null));
        Assert.True(Route(6).Allows(IPAddress.Parse(client)));
    }
}
