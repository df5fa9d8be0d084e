using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortFwd.Core.DynamicDns;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.Fakes;

namespace PortFwd.Web.Tests.DynamicDns;

/// <summary>Each provider's protocol against a fake of it on 127.0.0.1: the exact request, and what each answer means.</summary>
public sealed class ProviderClientTests
{
    private static readonly IPAddress Address = IPAddress.Parse("203.0.113.7");

    private static readonly IPAddress Ipv6 = IPAddress.Parse("2001:db8:1:2::7");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dyndns2_update_is_a_get_with_basic_auth_and_the_user_agent_no_ip_asks_for()
    {
        await using var server = await LocalHttpServer.StartAsync("good 203.0.113.7");
        using var services = Services();

        var answer = await services.GetRequiredService<Dyndns2Client>().UpdateAsync(Request(DdnsProvider.NoIp, server, password: "p@ss:wörd"), Ct);

        Assert.Equal(DdnsStatus.Good, answer.Status);
        var request = Assert.Single(server.Received);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/nic/update?hostname=home.ddns.net&myip=203.0.113.7", request.PathAndQuery);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("me@example.net:p@ss:wörd")), request.Header("Authorization"));
        Assert.Equal($"PortFwd/{PanelVersion.Text} owner@example.net", request.Header("User-Agent"));
    }

    [Theory]
    [InlineData("good 203.0.113.7", DdnsStatus.Good, null)]
    [InlineData("nochg 203.0.113.7\n", DdnsStatus.NoChange, null)]
    [InlineData("nohost", DdnsStatus.Stopped, null)]
    [InlineData("badauth", DdnsStatus.Stopped, null)]
    [InlineData("!donator", DdnsStatus.Stopped, null)]
    [InlineData("notfqdn", DdnsStatus.Stopped, null)]
    [InlineData("badagent", DdnsStatus.Stopped, null)]
    [InlineData("abuse", DdnsStatus.Stopped, null)]
    [InlineData("911", DdnsStatus.Retrying, 30)]
    [InlineData("dnserr", DdnsStatus.Retrying, 30)]
    [InlineData("<html>captive portal</html>", DdnsStatus.Stopped, null)]
    public void Each_dyndns2_answer_is_done_stopped_or_retried_as_documented(string body, DdnsStatus status, int? retryMinutes)
    {
        var answer = Dyndns2Client.Read("No-IP", body);

        Assert.Equal(status, answer.Status);
        Assert.Equal(retryMinutes, (int?)answer.RetryAfter?.TotalMinutes);
        Assert.False(string.IsNullOrWhiteSpace(answer.Message));
        Assert.StartsWith("Ddns.Update.", answer.Said.Code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, DdnsStatus.Stopped)]
    [InlineData(403, DdnsStatus.Stopped)]
    [InlineData(500, DdnsStatus.Retrying)]
    [InlineData(503, DdnsStatus.Retrying)]
    public async Task Http_errors_of_a_dyndns2_server_stop_on_credentials_and_retry_on_server_trouble(int status, DdnsStatus expected)
    {
        await using var server = await LocalHttpServer.StartAsync("", status);
        using var services = Services();

        var answer = await services.GetRequiredService<Dyndns2Client>().UpdateAsync(Request(DdnsProvider.Dyndns2, server), Ct);

        Assert.Equal(expected, answer.Status);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_retried_later()
    {
        await using var server = await LocalHttpServer.StartAsync("good");
        var gone = Request(DdnsProvider.Dyndns2, server);
        await server.DisposeAsync();
        using var services = Services();

        var answer = await services.GetRequiredService<Dyndns2Client>().UpdateAsync(gone, Ct);

        Assert.Equal(DdnsStatus.Retrying, answer.Status);
        Assert.Equal(DdnsAnswer.ServerTroublePause, answer.RetryAfter);
        Assert.Equal("dyndns2 server could not be reached (the connection was refused or dropped); trying again later.", answer.Message);
        Assert.Equal(DdnsUpdateMessages.Unreachable.With("dyndns2 server", DdnsUpdateMessages.ConnectionFailed.With()), answer.Said);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_password_goes_nowhere_else()
    {
        await using var elsewhere = await LocalHttpServer.StartAsync("good");
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.Redirect(elsewhere.Url("nic/update").ToString());
            return Task.CompletedTask;
        });
        using var services = Services();

        var answer = await services.GetRequiredService<Dyndns2Client>().UpdateAsync(Request(DdnsProvider.NoIp, server), Ct);

        Assert.Equal(DdnsStatus.Stopped, answer.Status);
        Assert.Empty(elsewhere.Received);
    }

    [Theory]
    [InlineData("OK", DdnsStatus.Good)]
    [InlineData("KO", DdnsStatus.Stopped)]
    public async Task A_duckdns_update_sends_the_name_without_its_domain_the_token_and_the_address(string body, DdnsStatus expected)
    {
        await using var server = await LocalHttpServer.StartAsync(body);
        using var services = Services();
        var request = Request(DdnsProvider.DuckDns, server, hostName: "myname.duckdns.org", token: "a7c4d0ad-114e-40ef-ba1d-d217904a50f2");

        var answer = await services.GetRequiredService<DuckDnsClient>().UpdateAsync(request, Ct);

        Assert.Equal(expected, answer.Status);
        Assert.Equal("/update?domains=myname&token=a7c4d0ad-114e-40ef-ba1d-d217904a50f2&ip=203.0.113.7", Assert.Single(server.Received).PathAndQuery);
    }

    [Fact]
    public async Task Cloudflare_changes_only_the_address_of_an_existing_record_so_proxied_and_ttl_stay()
    {
        await using var api = await FakeCloudflare.StartAsync(existing: "198.51.100.9");
        using var services = Services();

        var answer = await services.GetRequiredService<CloudflareClient>().UpdateAsync(Request(DdnsProvider.Cloudflare, api.Server, hostName: "home.example.net", token: "cf-token"), Ct);

        Assert.Equal(DdnsStatus.Good, answer.Status);
        var requests = api.Server.Received;
        Assert.All(requests, r => Assert.Equal("Bearer cf-token", r.Header("Authorization")));
        Assert.Equal(["GET /zones?name=home.example.net", "GET /zones?name=example.net", "GET /zones/zone-1/dns_records?type=A&name=home.example.net", "PATCH /zones/zone-1/dns_records/rec-1"],
            requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.Equal("""{"content":"203.0.113.7"}""", requests[^1].Body);
    }

    [Fact]
    public async Task Cloudflare_creates_a_missing_record_and_sends_nothing_when_it_already_has_the_address()
    {
        await using var missing = await FakeCloudflare.StartAsync(existing: null);
        await using var same = await FakeCloudflare.StartAsync(existing: "203.0.113.7");
        using var services = Services();
        var client = services.GetRequiredService<CloudflareClient>();

        var created = await client.UpdateAsync(Request(DdnsProvider.Cloudflare, missing.Server, hostName: "home.example.net", token: "cf-token"), Ct);
        var unchanged = await client.UpdateAsync(Request(DdnsProvider.Cloudflare, same.Server, hostName: "home.example.net", token: "cf-token"), Ct);

        Assert.Equal(DdnsStatus.Good, created.Status);
        var post = missing.Server.Received[^1];
        Assert.Equal("POST /zones/zone-1/dns_records", $"{post.Method} {post.PathAndQuery}");
        Assert.Equal(JsonNode.Parse("""{"type":"A","name":"home.example.net","content":"203.0.113.7","ttl":1,"proxied":false}""")!.ToJsonString(), JsonNode.Parse(post.Body)!.ToJsonString());
        Assert.Equal(DdnsStatus.NoChange, unchanged.Status);
        Assert.DoesNotContain(same.Server.Received, r => r.Method != "GET");
    }

    [Theory]
    [InlineData(401, DdnsStatus.Stopped)]
    [InlineData(403, DdnsStatus.Stopped)]
    [InlineData(429, DdnsStatus.Retrying)]
    [InlineData(502, DdnsStatus.Retrying)]
    public async Task Cloudflare_refusing_the_token_stops_and_server_trouble_retries(int status, DdnsStatus expected)
    {
        await using var server = await LocalHttpServer.StartAsync("""{"success":false,"errors":[{"message":"no"}]}""", status);
        using var services = Services();

        var answer = await services.GetRequiredService<CloudflareClient>().UpdateAsync(Request(DdnsProvider.Cloudflare, server, hostName: "home.example.net", token: "cf-token"), Ct);

        Assert.Equal(expected, answer.Status);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task Cloudflare_without_a_zone_for_the_name_stops_with_a_reason()
    {
        await using var server = await LocalHttpServer.StartAsync("""{"success":true,"result":[]}""");
        using var services = Services();

        var answer = await services.GetRequiredService<CloudflareClient>().UpdateAsync(Request(DdnsProvider.Cloudflare, server, hostName: "home.example.net", token: "cf-token"), Ct);

        Assert.Equal(DdnsStatus.Stopped, answer.Status);
        Assert.StartsWith("Cloudflare has no zone holding home.example.net", answer.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "/nic/update?hostname=home.ddns.net&myip=203.0.113.7&myipv6=2001%3Adb8%3A1%3A2%3A%3A7")]
    [InlineData(false, "/nic/update?hostname=home.ddns.net&myipv6=2001%3Adb8%3A1%3A2%3A%3A7")]
    public async Task A_dyndns2_update_carries_the_ipv6_address_in_myipv6(bool withIpv4, string expected)
    {
        await using var server = await LocalHttpServer.StartAsync("good 2001:db8:1:2::7");
        using var services = Services();
        var request = Request(DdnsProvider.NoIp, server) with { Address = withIpv4 ? Address : null, Ipv6Address = Ipv6 };

        var answer = await services.GetRequiredService<Dyndns2Client>().UpdateAsync(request, Ct);

        Assert.Equal(DdnsStatus.Good, answer.Status);
        Assert.Equal(expected, Assert.Single(server.Received).PathAndQuery);
    }

    [Fact]
    public async Task A_duckdns_update_carries_the_ipv6_address_in_ipv6()
    {
        await using var server = await LocalHttpServer.StartAsync("OK");
        using var services = Services();
        var request = Request(DdnsProvider.DuckDns, server, hostName: "myname.duckdns.org", token: "a7c4d0ad-114e-40ef-ba1d-d217904a50f2") with { Ipv6Address = Ipv6 };

        var answer = await services.GetRequiredService<DuckDnsClient>().UpdateAsync(request, Ct);

        Assert.Equal(DdnsStatus.Good, answer.Status);
        Assert.Equal("/update?domains=myname&token=a7c4d0ad-114e-40ef-ba1d-d217904a50f2&ip=203.0.113.7&ipv6=2001%3Adb8%3A1%3A2%3A%3A7",
            Assert.Single(server.Received).PathAndQuery);
    }

    [Fact]
    public async Task Cloudflare_keeps_the_aaaa_record_like_the_a_record_patched_when_present_and_created_when_missing()
    {
        await using var present = await FakeCloudflare.StartAsync(existing: "203.0.113.7", existingAaaa: "2001:db8:1:2::1");
        await using var missing = await FakeCloudflare.StartAsync(existing: "198.51.100.9", existingAaaa: null);
        using var services = Services();
        var client = services.GetRequiredService<CloudflareClient>();

        var patched = await client.UpdateAsync(Request(DdnsProvider.Cloudflare, present.Server, hostName: "home.example.net", token: "cf-token") with { Ipv6Address = Ipv6 }, Ct);
        var created = await client.UpdateAsync(Request(DdnsProvider.Cloudflare, missing.Server, hostName: "home.example.net", token: "cf-token") with { Ipv6Address = Ipv6 }, Ct);

        Assert.Equal(DdnsStatus.Good, patched.Status);
        Assert.Equal(["GET /zones?name=home.example.net", "GET /zones?name=example.net", "GET /zones/zone-1/dns_records?type=A&name=home.example.net",
            "GET /zones/zone-1/dns_records?type=AAAA&name=home.example.net", "PATCH /zones/zone-1/dns_records/rec-6"],
            present.Server.Received.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.Equal("""{"content":"2001:db8:1:2::7"}""", present.Server.Received[^1].Body);
        Assert.Equal(DdnsUpdateMessages.Joined.With(DdnsUpdateMessages.RecordAlreadyHad.With("A"), DdnsUpdateMessages.RecordChanged.With("AAAA")), patched.Said);
        Assert.Equal("Cloudflare's A record already had this address. Cloudflare's AAAA record now has the address.", patched.Message);

        Assert.Equal(DdnsStatus.Good, created.Status);
        var requests = missing.Server.Received;
        Assert.Equal("PATCH /zones/zone-1/dns_records/rec-1", $"{requests[^3].Method} {requests[^3].PathAndQuery}");
        Assert.Equal("POST /zones/zone-1/dns_records", $"{requests[^1].Method} {requests[^1].PathAndQuery}");
        Assert.Equal(JsonNode.Parse("""{"type":"AAAA","name":"home.example.net","content":"2001:db8:1:2::7","ttl":1,"proxied":false}""")!.ToJsonString(),
            JsonNode.Parse(requests[^1].Body)!.ToJsonString());
    }

    [Fact]
    public async Task Cloudflare_with_only_ipv6_touches_only_the_aaaa_record()
    {
        await using var api = await FakeCloudflare.StartAsync(existing: "198.51.100.9", existingAaaa: "2001:db8:1:2::7");
        using var services = Services();

        var answer = await services.GetRequiredService<CloudflareClient>().UpdateAsync(
            Request(DdnsProvider.Cloudflare, api.Server, hostName: "home.example.net", token: "cf-token") with { Address = null, Ipv6Address = Ipv6 }, Ct);

        Assert.Equal(DdnsStatus.NoChange, answer.Status);
        Assert.Equal("GET /zones/zone-1/dns_records?type=AAAA&name=home.example.net", $"{api.Server.Received[^1].Method} {api.Server.Received[^1].PathAndQuery}");
        Assert.DoesNotContain(api.Server.Received, r => r.PathAndQuery.Contains("type=A&", StringComparison.Ordinal) || r.Method != "GET");
    }

    [Fact]
    public void A_request_never_shows_its_secrets_as_text()
    {
        var request = new DdnsRequest(new DdnsName { Provider = DdnsProvider.NoIp, HostName = "home.ddns.net" }, Address, "pw-secret", "tok-secret");

        Assert.DoesNotContain("secret", request.ToString(), StringComparison.Ordinal);
    }

    internal static DdnsRequest Request(DdnsProvider provider, LocalHttpServer server, string hostName = "home.ddns.net", string? password = "pw", string? token = null) =>
        new(new DdnsName
        {
            Id = 1, Provider = provider, HostName = hostName, Username = provider.UsesPassword() ? "me@example.net" : null, Server = server.BaseUrl.ToString(),
        }, Address, password, token);

    internal static ServiceProvider Services(Action<ILoggingBuilder>? logging = null) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PortFwd:DynamicDns:Contact"] = "owner@example.net",
                ["PortFwd:DynamicDns:TimeoutSeconds"] = "5",
            }).Build())
            .AddLogging(builder => logging?.Invoke(builder))
            .AddPortFwdSettings()
            .AddPortFwdDynamicDns()
            .BuildServiceProvider();

    /// <summary>Cloudflare's API as far as updates use it: one zone, example.net, with or without the A record (rec-1) and the AAAA record (rec-6) of home.example.net.</summary>
    private sealed class FakeCloudflare : IAsyncDisposable
    {
        private FakeCloudflare(LocalHttpServer server) => Server = server;

        public LocalHttpServer Server { get; }

        public static async Task<FakeCloudflare> StartAsync(string? existing, string? existingAaaa = null) => new(await LocalHttpServer.StartAsync(async context =>
        {
            var path = context.Request.Path.Value;
            var query = context.Request.Query;
            JsonNode result = (context.Request.Method, path) switch
            {
                ("GET", "/zones") => query["name"] == "example.net" ? new JsonArray(new JsonObject { ["id"] = "zone-1", ["name"] = "example.net" }) : new JsonArray(),
                ("GET", "/zones/zone-1/dns_records") => (query["type"] == "AAAA" ? existingAaaa : existing) is not { } content ? new JsonArray()
                    : new JsonArray(new JsonObject
                    {
                        ["id"] = query["type"] == "AAAA" ? "rec-6" : "rec-1", ["type"] = query["type"].ToString(), ["name"] = "home.example.net",
                        ["content"] = content, ["proxied"] = true, ["ttl"] = 300,
                    }),
                _ => new JsonObject { ["id"] = "rec-1" },
            };
            await context.Response.WriteAsJsonAsync(new JsonObject { ["success"] = true, ["errors"] = new JsonArray(), ["result"] = result });
        }));

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
