using System.Net;
using System.Text.Json.Nodes;

namespace PortFwd.Web.Tests.Api;

/// <summary>Two enabled rules may not take the same port and transport; the panel's own port is never a rule's.</summary>
public sealed class RuleConflictApiTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    private async Task<JsonObject> AssertConflictAsync(HttpResponseMessage response, JsonObject other)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadObjectAsync(Ct);
        Assert.Equal(409, (int)problem["status"]!);
        Assert.Equal((int)other["id"]!, (int)problem["conflictingRuleId"]!);
        var message = (string)problem["errors"]!["externalPort"]![0]!;
        Assert.Contains($"\"{other["name"]}\"", message, StringComparison.Ordinal);
        return problem;
    }

    [Fact]
    public async Task A_second_enabled_tcp_rule_on_the_same_port_answers_409_naming_the_first_and_writes_nothing()
    {
        var first = await Api.CreateRuleAsync(PanelApi.Rule("Game", 25000), Ct);
        var rowsBefore = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);

        using var response = await Api.PostJsonAsync("/api/rules", PanelApi.Rule("Game again", 25000), Ct);

        await AssertConflictAsync(response, first);
        Assert.Equal(rowsBefore, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
        Assert.DoesNotContain(await Api.ListRulesAsync(Ct), r => (string?)r!["name"] == "Game again");
    }

    [Theory]
    [InlineData("tcp", 25100, 25110, "tcp", 25105, 25120)]
    [InlineData("tcpudp", 25200, null, "udp", 25200, null)]
    [InlineData("udp", 25300, 25310, "tcpudp", 25310, null)]
    [InlineData("tcp", 25400, null, "http", 25400, null)]
    public async Task Overlapping_ports_on_a_shared_transport_conflict(string protocol, int port, int? end, string otherProtocol, int otherPort, int? otherEnd)
    {
        var body = PanelApi.Rule($"Holder {port}", port, protocol);
        body["externalPortEnd"] = end;
        var first = await Api.CreateRuleAsync(body, Ct);
        var clash = PanelApi.Rule($"Clash {otherPort}", otherPort, otherProtocol);
        clash["externalPortEnd"] = otherEnd;

        using var response = await Api.PostJsonAsync("/api/rules", clash, Ct);

        await AssertConflictAsync(response, first);
    }

    [Fact]
    public async Task Tcp_and_udp_rules_may_share_a_port()
    {
        await Api.CreateRuleAsync(PanelApi.Rule("Voice TCP", 25500, "tcp"), Ct);

        using var response = await Api.PostJsonAsync("/api/rules", PanelApi.Rule("Voice UDP", 25500, "udp"), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Http_rules_on_one_port_may_share_it_when_their_host_names_differ()
    {
        var blog = PanelApi.Rule("Blog site", 25800, "http");
        blog["hostNames"] = new JsonArray("blog.example.com");
        var first = await Api.CreateRuleAsync(blog, Ct);
        var shop = PanelApi.Rule("Shop site", 25800, "http");
        shop["hostNames"] = new JsonArray("shop.example.com");
        var sameHost = PanelApi.Rule("Blog copy", 25800, "http");
        sameHost["hostNames"] = new JsonArray("BLOG.example.com");

        using var other = await Api.PostJsonAsync("/api/rules", shop, Ct);
        using var same = await Api.PostJsonAsync("/api/rules", sameHost, Ct);

        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        await AssertConflictAsync(same, first);
    }

    [Fact]
    public async Task A_disabled_duplicate_is_allowed_but_cannot_be_enabled_while_the_other_is()
    {
        var first = await Api.CreateRuleAsync(PanelApi.Rule("Primary", 25600), Ct);

        using var create = await Api.PostJsonAsync("/api/rules", PanelApi.Rule("Standby", 25600, enabled: false), Ct);

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var standby = await create.ReadObjectAsync(Ct);
        Assert.False((bool)standby["enabled"]!);

        var rowsBefore = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);
        using var enable = await Api.PutJsonAsync($"/api/rules/{standby["id"]}", PanelApi.Rule("Standby", 25600, enabled: true), Ct);
        await AssertConflictAsync(enable, first);
        Assert.Equal(rowsBefore, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));

        using var disableFirst = await Api.PutJsonAsync($"/api/rules/{first["id"]}", PanelApi.Rule("Primary", 25600, enabled: false), Ct);
        Assert.Equal(HttpStatusCode.OK, disableFirst.StatusCode);
        using var enableNow = await Api.PutJsonAsync($"/api/rules/{standby["id"]}", PanelApi.Rule("Standby", 25600, enabled: true), Ct);
        Assert.Equal(HttpStatusCode.OK, enableNow.StatusCode);
    }

    [Fact]
    public async Task Moving_a_rule_onto_another_rules_port_answers_409_and_keeps_it_where_it_was()
    {
        var holder = await Api.CreateRuleAsync(PanelApi.Rule("Holder", 25700), Ct);
        var mover = await Api.CreateRuleAsync(PanelApi.Rule("Mover", 25701), Ct);

        using var response = await Api.PutJsonAsync($"/api/rules/{mover["id"]}", PanelApi.Rule("Mover", 25700), Ct);

        await AssertConflictAsync(response, holder);
        using var get = await Api.GetAsync($"/api/rules/{mover["id"]}", Ct);
        Assert.Equal(25701, (int)(await get.ReadObjectAsync(Ct))["externalPort"]!);
    }

    [Fact]
    public async Task The_panels_own_port_is_refused_for_tcp_but_free_for_udp()
    {
        using var tcp = await Api.PostJsonAsync("/api/rules", PanelApi.Rule("Panel TCP", SharedPanel.PanelPort), Ct);
        using var udp = await Api.PostJsonAsync("/api/rules", PanelApi.Rule("Panel UDP", SharedPanel.PanelPort, "udp"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, tcp.StatusCode);
        var message = (string)(await tcp.ReadObjectAsync(Ct))["errors"]!["externalPort"]![0]!;
        Assert.Contains($"Port {SharedPanel.PanelPort} is used by this panel", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, udp.StatusCode);
    }
}
