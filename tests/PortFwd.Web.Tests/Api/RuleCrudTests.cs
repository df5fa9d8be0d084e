using System.Net;
using System.Text.Json.Nodes;

namespace PortFwd.Web.Tests.Api;

/// <summary>Create, read, replace and delete rules through <c>/api/rules</c> with a bearer token, on a real SQLite file.</summary>
public sealed class RuleCrudTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    [Fact]
    public async Task Creating_a_rule_answers_201_with_its_location_and_the_stored_rule()
    {
        var body = PanelApi.Rule("Minecraft", 25565);
        body["internalPort"] = 25566;
        body["externalPortEnd"] = 25570;
        body["openOnRouter"] = true;
        body["allowedSources"] = new JsonArray("203.0.113.0/24", "198.51.100.7");

        using var response = await Api.PostJsonAsync("/api/rules", body, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadObjectAsync(Ct);
        var id = (int)created["id"]!;
        Assert.True(id > 0);
        Assert.Equal($"/api/rules/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Minecraft", (string?)created["name"]);
        Assert.Equal("tcp", (string?)created["protocol"]);
        Assert.Equal(25565, (int)created["externalPort"]!);
        Assert.Equal(25570, (int?)created["externalPortEnd"]);
        Assert.Equal("192.168.1.20", (string?)created["internalHost"]);
        Assert.Equal(25566, (int)created["internalPort"]!);
        Assert.True((bool)created["enabled"]!);
        Assert.True((bool)created["openOnRouter"]!);
        Assert.Equal(["203.0.113.0/24", "198.51.100.7/32"], created["allowedSources"]!.AsArray().Select(s => (string)s!));
        Assert.Empty(created["hostNames"]!.AsArray());
        Assert.Equal("test rule", (string?)created["description"]);

        // Stored in the temp data directory's file, not anywhere else.
        Assert.StartsWith(Path.GetTempPath(), panel.Factory.DatabasePath, StringComparison.Ordinal);
        Assert.Contains(await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct),
            row => row.StartsWith($"[\"{id}\",", StringComparison.Ordinal) && row.Contains("\"Minecraft\"", StringComparison.Ordinal));

        using var location = await Api.GetAsync(response.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.OK, location.StatusCode);
        Assert.Equal(created.ToJsonString(), (await location.ReadObjectAsync(Ct)).ToJsonString());
    }

    [Fact]
    public async Task An_http_rule_keeps_its_host_names_and_path_prefix()
    {
        var body = PanelApi.Rule("Blog", 8081, "http");
        body["hostNames"] = new JsonArray("Blog.Example.com", "*.example.org");
        body["pathPrefix"] = "/blog/";

        var created = await Api.CreateRuleAsync(body, Ct);

        Assert.Equal("http", (string?)created["protocol"]);
        Assert.Equal(["blog.example.com", "*.example.org"], created["hostNames"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("/blog", (string?)created["pathPrefix"]);
    }

    [Fact]
    public async Task The_list_holds_every_created_rule_in_camel_case()
    {
        var first = await Api.CreateRuleAsync(PanelApi.Rule("List one", 9101), Ct);
        var second = await Api.CreateRuleAsync(PanelApi.Rule("List two", 9102, "udp"), Ct);

        var list = await Api.ListRulesAsync(Ct);

        var ids = list.Select(r => (int)r!["id"]!).ToList();
        Assert.Contains((int)first["id"]!, ids);
        Assert.Contains((int)second["id"]!, ids);
        var listed = list.Single(r => (int)r!["id"]! == (int)second["id"]!)!.AsObject();
        Assert.Equal(second.ToJsonString(), listed.ToJsonString());
        Assert.All(new[] { "id", "name", "protocol", "externalPort", "externalPortEnd", "internalHost", "internalPort", "enabled",
            "openOnRouter", "allowedSources", "hostNames", "pathPrefix", "description", "listenAddress", "createdAt", "updatedAt" },
            key => Assert.True(listed.ContainsKey(key), $"missing {key}"));
    }

    [Fact]
    public async Task Getting_an_unknown_rule_answers_404_problem_details()
    {
        using var response = await Api.GetAsync("/api/rules/999999", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (int)(await response.ReadObjectAsync(Ct))["status"]!);
    }

    [Fact]
    public async Task Replacing_a_rule_answers_200_with_the_new_fields_and_stores_them()
    {
        var created = await Api.CreateRuleAsync(PanelApi.Rule("Before", 9201), Ct);
        var id = (int)created["id"]!;
        var replacement = PanelApi.Rule("After", 9202, "tcpudp", enabled: false);
        // A host name the machine's hosts file answers: saving resolves the target (is it this machine?), and a test sends
        // no DNS query off the machine.
        replacement["internalHost"] = "LocalHost";
        replacement["description"] = "changed";

        using var response = await Api.PutJsonAsync($"/api/rules/{id}", replacement, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadObjectAsync(Ct);
        Assert.Equal(id, (int)updated["id"]!);
        Assert.Equal("After", (string?)updated["name"]);
        Assert.Equal("tcpudp", (string?)updated["protocol"]);
        Assert.Equal(9202, (int)updated["externalPort"]!);
        Assert.Equal("localhost", (string?)updated["internalHost"]);
        Assert.False((bool)updated["enabled"]!);
        Assert.Equal("changed", (string?)updated["description"]);

        using var get = await Api.GetAsync($"/api/rules/{id}", Ct);
        Assert.Equal(updated.ToJsonString(), (await get.ReadObjectAsync(Ct)).ToJsonString());
    }

    [Fact]
    public async Task Deleting_a_rule_answers_204_and_then_it_is_gone()
    {
        var created = await Api.CreateRuleAsync(PanelApi.Rule("Doomed", 9301), Ct);
        var id = (int)created["id"]!;

        using var delete = await Api.DeleteAsync($"/api/rules/{id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(await delete.Content.ReadAsByteArrayAsync(Ct));
        using var get = await Api.GetAsync($"/api/rules/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.DoesNotContain(await Api.ListRulesAsync(Ct), r => (int)r!["id"]! == id);
        using var again = await Api.DeleteAsync($"/api/rules/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Replacing_or_deleting_an_unknown_rule_answers_404_and_creates_nothing()
    {
        var before = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);

        using var put = await Api.PutJsonAsync("/api/rules/999999", PanelApi.Rule("Ghost", 9401), Ct);
        using var delete = await Api.DeleteAsync("/api/rules/999999", Ct);

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(before, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
    }

    [Fact]
    public async Task A_new_rule_gets_both_timestamps_and_a_replace_moves_only_updatedAt()
    {
        var beforeCreate = DateTimeOffset.UtcNow;
        var created = await Api.CreateRuleAsync(PanelApi.Rule("Clock", 9501), Ct);
        var afterCreate = DateTimeOffset.UtcNow;
        var id = (int)created["id"]!;
        var createdAt = created["createdAt"]!.GetValue<DateTimeOffset>();
        var updatedAt = created["updatedAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(createdAt, beforeCreate, afterCreate);
        Assert.Equal(createdAt, updatedAt);

        await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        var beforePut = DateTimeOffset.UtcNow;
        using var put = await Api.PutJsonAsync($"/api/rules/{id}", PanelApi.Rule("Clock, renamed", 9501), Ct);
        var afterPut = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var updated = await put.ReadObjectAsync(Ct);
        Assert.Equal(createdAt, updated["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.InRange(updated["updatedAt"]!.GetValue<DateTimeOffset>(), beforePut, afterPut);

        using var get = await Api.GetAsync($"/api/rules/{id}", Ct);
        var stored = await get.ReadObjectAsync(Ct);
        Assert.Equal(createdAt, stored["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(updated["updatedAt"]!.GetValue<DateTimeOffset>(), stored["updatedAt"]!.GetValue<DateTimeOffset>());
    }
}
