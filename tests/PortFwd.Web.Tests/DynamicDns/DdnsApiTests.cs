using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Fakes;

namespace PortFwd.Web.Tests.DynamicDns;

/// <summary><c>/api/ddns</c> through the real app, with a fake dyndns2 server on 127.0.0.1: the round trip, field errors, and secrets that never come back.</summary>
public sealed class DdnsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject NoIp(LocalHttpServer server, string password = "pw-SECRET-41") => new()
    {
        ["provider"] = "noip",
        ["hostname"] = "home.ddns.net",
        ["username"] = "me@example.net",
        ["password"] = password,
        ["server"] = server.BaseUrl.ToString(),
        ["confirmBy"] = "2026-12-30",
    };

    [Fact]
    public async Task A_name_is_added_read_changed_and_deleted()
    {
        await using var server = await LocalHttpServer.StartAsync("good 203.0.113.30");
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));

        using var created = await api.PostJsonAsync("/api/ddns", NoIp(server), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var name = await created.ReadObjectAsync(Ct);
        var id = (int)name["id"]!;
        Assert.Equal($"/api/ddns/{id}", created.Headers.Location?.ToString());
        Assert.Equal("noip", (string?)name["provider"]);
        Assert.Equal("home.ddns.net", (string?)name["hostname"]);
        Assert.Equal("2026-12-30", (string?)name["confirmBy"]);
        Assert.True((bool)name["passwordSet"]!);
        Assert.False((bool)name["tokenSet"]!);
        Assert.True((bool)name["ipv4"]!);
        Assert.False((bool)name["ipv6"]!);
        Assert.Equal("pending", (string?)name["lastResult"]!["status"]);

        var list = JsonNode.Parse(await api.GetStringAsync("/api/ddns", Ct))!.AsArray();
        Assert.Equal(id, (int)Assert.Single(list)!["id"]!);

        var change = NoIp(server);
        change.Remove("password");
        change["enabled"] = false;
        change["ipv4"] = false;
        change["ipv6"] = true;
        using (var changed = await api.PutJsonAsync($"/api/ddns/{id}", change, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            var body = await changed.ReadObjectAsync(Ct);
            Assert.False((bool)body["enabled"]!);
            Assert.False((bool)body["ipv4"]!);
            Assert.True((bool)body["ipv6"]!);
            Assert.True((bool)body["passwordSet"]!);
        }

        using (var deleted = await api.DeleteAsync($"/api/ddns/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await api.GetAsync($"/api/ddns/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        using var updateGone = await api.PostAsync($"/api/ddns/{id}/update", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, updateGone.StatusCode);
    }

    [Fact]
    public async Task Bad_input_answers_400_with_each_field_and_a_body_that_is_not_json_415()
    {
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));

        using var invalid = await api.PostJsonAsync("/api/ddns", new JsonObject { ["provider"] = "dyndns2", ["hostname"] = "nodots" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.ReadObjectAsync(Ct))["errors"]!.AsObject();
        Assert.Equal(["hostname", "password", "server", "username"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        using var wrongType = await api.PostJsonAsync("/api/ddns", new JsonObject { ["provider"] = "noip", ["ipv4"] = "yes" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("ipv4 must be true or false.", (string?)(await wrongType.ReadObjectAsync(Ct))["errors"]!["ipv4"]![0]);

        using var notJson = await api.PostAsync("/api/ddns", new StringContent("provider=noip", Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
    }

    [Fact]
    public async Task Update_now_sends_the_public_address_with_the_stored_password_and_answers_the_result()
    {
        await using var server = await LocalHttpServer.StartAsync("good 203.0.113.30");
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var id = (int)(await (await api.PostJsonAsync("/api/ddns", NoIp(server), Ct)).ReadObjectAsync(Ct))["id"]!;
        panel.Services.GetRequiredService<PublicAddress>().LearnFromEcho(new EchoAnswer(IPAddress.Parse("203.0.113.30"), new Uri("http://127.0.0.1/"), DateTimeOffset.UtcNow));

        // The updater sends by itself once the address is known; "update now" within the same minute does not send again.
        using var response = await api.PostAsync($"/api/ddns/{id}/update", null, Ct);
        var result = await response.ReadObjectAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains((string?)result["status"], new[] { "good", "retrying" });
        var request = Assert.Single(server.Received);
        Assert.Equal("/nic/update?hostname=home.ddns.net&myip=203.0.113.30", request.PathAndQuery);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("me@example.net:pw-SECRET-41")), request.Header("Authorization"));
        var name = JsonNode.Parse(await api.GetStringAsync($"/api/ddns/{id}", Ct))!;
        Assert.Equal("good", (string?)name["lastResult"]!["status"]);
        Assert.Equal("203.0.113.30", (string?)name["lastResult"]!["address"]);
        Assert.Equal("good", (string?)name["history"]![0]!["status"]);
    }

    [Fact]
    public async Task No_answer_ever_contains_a_password_or_token()
    {
        await using var server = await LocalHttpServer.StartAsync("badauth");
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        panel.Services.GetRequiredService<PublicAddress>().LearnFromEcho(new EchoAnswer(IPAddress.Parse("203.0.113.31"), new Uri("http://127.0.0.1/"), DateTimeOffset.UtcNow));
        var bodies = new List<string>();

        async Task<JsonObject> Keep(HttpResponseMessage response)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(Ct);
                bodies.Add(text);
                return JsonNode.Parse(text)!.AsObject();
            }
        }

        var noIp = await Keep(await api.PostJsonAsync("/api/ddns", NoIp(server), Ct));
        var duck = await Keep(await api.PostJsonAsync("/api/ddns", new JsonObject
        {
            ["provider"] = "duckdns", ["hostname"] = "myname", ["token"] = "tok-SECRET-42", ["server"] = server.BaseUrl.ToString(),
        }, Ct));
        var noIpId = (int)noIp["id"]!;
        await Keep(await api.PutJsonAsync($"/api/ddns/{noIpId}", NoIp(server, password: "pw-SECRET-43"), Ct));
        await Keep(await api.PostAsync($"/api/ddns/{noIpId}/update", null, Ct));
        await Keep(await api.PostAsync($"/api/ddns/{(int)duck["id"]!}/update", null, Ct));
        await Keep(await api.GetAsync($"/api/ddns/{noIpId}", Ct));
        await Keep(await api.GetAsync($"/api/ddns/{(int)duck["id"]!}", Ct));
        bodies.Add(await api.GetStringAsync("/api/ddns", Ct));
        var invalid = NoIp(server, password: "pw-SECRET-44");
        invalid["hostname"] = "";
        await Keep(await api.PostJsonAsync("/api/ddns", invalid, Ct));

        Assert.True((bool)duck["tokenSet"]!);
        Assert.All(bodies, body => Assert.DoesNotContain("SECRET", body, StringComparison.Ordinal));
    }
}
