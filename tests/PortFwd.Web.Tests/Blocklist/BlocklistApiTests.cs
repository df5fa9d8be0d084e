using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Certificates;
using PortFwd.Web.Tests.Fakes;

namespace PortFwd.Web.Tests.Blocklist;

/// <summary><c>/api/blocklist</c>: validation, duplicates, deleting, and what a block does to a real rule on a real socket.</summary>
public sealed class BlocklistApiTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    private static JsonObject Entry(string address, string? note = null, DateTimeOffset? expiresAt = null) => new()
    {
        ["address"] = address,
        ["note"] = note,
        ["expiresAt"] = expiresAt?.ToString("O"),
    };

    private async Task<JsonArray> ListAsync()
    {
        using var response = await Api.GetAsync("/api/blocklist", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>(Ct))!;
    }

    private async Task<JsonObject> BlockAsync(string address, string? note = null)
    {
        using var response = await Api.PostJsonAsync("/api/blocklist", Entry(address, note), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync(Ct);
    }

    [Fact]
    public async Task An_added_entry_answers_201_with_its_location_and_is_listed_normalized()
    {
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        using var response = await Api.PostJsonAsync("/api/blocklist", Entry("2001:DB8:0::7", "scanner", expires), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadObjectAsync(Ct);
        Assert.Equal($"/api/blocklist/{created["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal("2001:db8::7", (string?)created["address"]);
        var listed = (await ListAsync()).Single(e => (int)e!["id"]! == (int)created["id"]!)!.AsObject();
        Assert.Equal("2001:db8::7", (string?)listed["address"]);
        Assert.Equal("scanner", (string?)listed["note"]);
        Assert.Equal(expires.ToUnixTimeMilliseconds(), ((DateTimeOffset)listed["expiresAt"]!).ToUnixTimeMilliseconds());
        Assert.Equal(0, (long)listed["blockedCount"]!);
        Assert.True((DateTimeOffset)listed["createdAt"]! <= DateTimeOffset.UtcNow);
    }

    [Theory]
    [InlineData("10.0.0.7/24", null, "address", "did you mean 10.0.0.0/24?")]
    [InlineData("not an address", null, "address", "is not an address or network")]
    [InlineData("127.0.0.0/8", null, "address", "this machine's own address")]
    [InlineData("198.51.100.1", "a note far too long", "note", "at most 200 characters")]
    public async Task Invalid_fields_answer_400_naming_the_field_and_add_nothing(string address, string? note, string field, string message)
    {
        var before = (await ListAsync()).Count;
        var body = Entry(address, note is null ? null : note + new string('!', 200));

        using var response = await Api.PostJsonAsync("/api/blocklist", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
        Assert.Contains(message, (string?)errors[field]![0], StringComparison.Ordinal);
        Assert.Equal(before, (await ListAsync()).Count);
    }

    [Fact]
    public async Task An_expiry_in_the_past_or_of_the_wrong_type_answers_400_under_expiresAt()
    {
        using var past = await Api.PostJsonAsync("/api/blocklist", Entry("198.51.100.2", expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1)), Ct);
        using var wrongType = await Api.PostJsonAsync("/api/blocklist", new JsonObject { ["address"] = "198.51.100.2", ["expiresAt"] = 5 }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("in the future", (string?)(await past.ReadObjectAsync(Ct))["errors"]!["expiresAt"]![0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("must be a date and time", (string?)(await wrongType.ReadObjectAsync(Ct))["errors"]!["expiresAt"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_address_twice_answers_409_however_it_is_written()
    {
        await BlockAsync("198.51.100.3");

        using var again = await Api.PostJsonAsync("/api/blocklist", Entry("198.51.100.3/32"), Ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.ReadObjectAsync(Ct);
        Assert.Equal("198.51.100.3 is already on the blocklist.", (string?)problem["errors"]!["address"]![0]);
        Assert.Single(await ListAsync(), e => (string?)e!["address"] == "198.51.100.3");
    }

    [Fact]
    public async Task Delete_answers_204_then_404()
    {
        var entry = await BlockAsync("198.51.100.4");

        using var deleted = await Api.DeleteAsync($"/api/blocklist/{entry["id"]}", Ct);
        using var again = await Api.DeleteAsync($"/api/blocklist/{entry["id"]}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain(await ListAsync(), e => (string?)e!["address"] == "198.51.100.4");
    }

    [Fact]
    public async Task The_blocklist_needs_a_signed_in_caller()
    {
        using var anonymous = panel.Factory.AnonymousClient();

        using var list = await anonymous.GetAsync("/api/blocklist", Ct);
        using var add = await anonymous.PostJsonAsync("/api/blocklist", Entry("198.51.100.5"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, add.StatusCode);
        Assert.DoesNotContain(await ListAsync(), e => (string?)e!["address"] == "198.51.100.5");
    }

    [Fact]
    public async Task Blocking_through_the_api_resets_the_live_connection_refuses_new_ones_and_counts_them_while_another_address_is_served()
    {
        await using var echo = new EchoServer();
        var port = LoopbackPorts.Free();
        var rule = PanelApi.Rule("Echo", port);
        rule["internalHost"] = "127.0.0.1";
        rule["internalPort"] = echo.Port;
        var created = await Api.CreateRuleAsync(rule, Ct);
        await Api.WaitUntilActiveAsync(created, Ct);
        using var live = await BlocklistPeers.ConnectFromAsync(BlocklistPeers.Blocked, port);
        Assert.Equal("before", await live.EchoAsync("before"));

        var entry = await BlockAsync("127.0.0.2", "test client");

        Assert.Null(await live.EchoAsync("after"));
        Assert.True(await BlocklistPeers.IsRefusedAsync(BlocklistPeers.Blocked, port));
        using (var other = await BlocklistPeers.ConnectFromAsync(IPAddress.Loopback, port))
        {
            Assert.Equal("served", await other.EchoAsync("served"));
        }

        var listed = (await ListAsync()).Single(e => (int)e!["id"]! == (int)entry["id"]!)!;
        Assert.Equal(1, (long)listed["blockedCount"]!);

        using var deleted = await Api.DeleteAsync($"/api/blocklist/{entry["id"]}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var again = await BlocklistPeers.ConnectFromAsync(BlocklistPeers.Blocked, port);
        Assert.Equal("let in", await again.EchoAsync("let in"));
        using var removed = await Api.DeleteAsync($"/api/rules/{created["id"]}", Ct);
    }

    [Fact]
    public async Task An_http_rule_answers_403_to_a_blocked_address_and_counts_it_while_another_address_is_served()
    {
        await using var backend = await LocalHttpServer.StartAsync("from the service");
        var port = LoopbackPorts.Free();
        var created = await Api.CreateRuleAsync(HttpsRules.Rule("Web", port, backend.BaseUrl.Port), Ct);
        await Api.WaitUntilActiveAsync(created, Ct);
        var entry = await BlockAsync("127.0.0.2");
        try
        {
            using var fromBlocked = BlocklistPeers.HttpFrom(BlocklistPeers.Blocked);
            using var fromOther = BlocklistPeers.HttpFrom(IPAddress.Loopback);

            using var refused = await fromBlocked.GetAsync($"http://127.0.0.1:{port}/", Ct);
            using var served = await fromOther.GetAsync($"http://127.0.0.1:{port}/", Ct);

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("blocked", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("from the service", await served.Content.ReadAsStringAsync(Ct));
            Assert.Single(backend.Received);
            var listed = (await ListAsync()).Single(e => (int)e!["id"]! == (int)entry["id"]!)!;
            Assert.Equal(1, (long)listed["blockedCount"]!);
        }
        finally
        {
            using var unblocked = await Api.DeleteAsync($"/api/blocklist/{entry["id"]}", Ct);
            using var removed = await Api.DeleteAsync($"/api/rules/{created["id"]}", Ct);
        }
    }
}
