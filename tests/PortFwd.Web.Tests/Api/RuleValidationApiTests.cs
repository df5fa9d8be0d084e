using System.Net;
using System.Text.Json.Nodes;

namespace PortFwd.Web.Tests.Api;

/// <summary>
/// Bad bodies answer 400 problem details whose <c>errors</c> map names the wrong fields, and never change
/// the database: checked through the API and by reading the SQLite file directly.
/// </summary>
public sealed class RuleValidationApiTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    /// <summary>A valid rule on port 8080 with one change; the expected fields are exactly the ones the errors map must name.</summary>
    private static (string Body, string[] Fields) Case(Action<JsonObject> change, params string[] fields)
    {
        var body = PanelApi.Rule("Bad input", 8080);
        change(body);
        return (body.ToJsonString(), fields);
    }

    public static TheoryData<string, string, string[]> BadBodies()
    {
        var longText = new string('x', 257);
        var cases = new Dictionary<string, (string Body, string[] Fields)>
        {
            ["empty object"] = ("{}", ["name", "protocol", "externalPort", "internalHost", "internalPort"]),
            ["empty name"] = Case(b => b["name"] = "  ", "name"),
            ["name too long"] = Case(b => b["name"] = new string('n', 65), "name"),
            ["name with a line break"] = Case(b => b["name"] = "two\nlines", "name"),
            ["unknown protocol"] = Case(b => b["protocol"] = "ftp", "protocol"),
            ["no protocol"] = Case(b => b.Remove("protocol"), "protocol"),
            ["external port 0"] = Case(b => b["externalPort"] = 0, "externalPort"),
            ["external port 65536"] = Case(b => b["externalPort"] = 65536, "externalPort"),
            ["no external port"] = Case(b => b.Remove("externalPort"), "externalPort"),
            ["external port as text"] = Case(b => b["externalPort"] = "abc", "externalPort"),
            ["external port as a fraction"] = Case(b => b["externalPort"] = 80.5, "externalPort"),
            ["external port as a boolean"] = Case(b => b["externalPort"] = true, "externalPort"),
            ["range end below its start"] = Case(b => b["externalPortEnd"] = 8000, "externalPortEnd"),
            ["range end past 65535"] = Case(b => b["externalPortEnd"] = 70000, "externalPortEnd"),
            ["range of 16385 ports"] = Case(b => b["externalPortEnd"] = 24464, "externalPortEnd"),
            ["range on an http rule"] = Case(b => { b["protocol"] = "http"; b["externalPortEnd"] = 8085; }, "externalPortEnd"),
            ["range end as text"] = Case(b => b["externalPortEnd"] = "last", "externalPortEnd"),
            ["empty internal host"] = Case(b => b["internalHost"] = "", "internalHost"),
            ["internal host with a port"] = Case(b => b["internalHost"] = "192.168.1.20:80", "internalHost"),
            ["internal host 0.0.0.0"] = Case(b => b["internalHost"] = "0.0.0.0", "internalHost"),
            ["internal host with spaces"] = Case(b => b["internalHost"] = "my nas", "internalHost"),
            ["internal host as a number"] = Case(b => b["internalHost"] = 192, "internalHost"),
            ["internal port 0"] = Case(b => b["internalPort"] = 0, "internalPort"),
            ["internal port 65536"] = Case(b => b["internalPort"] = 65536, "internalPort"),
            ["internal port as text"] = Case(b => b["internalPort"] = "eighty", "internalPort"),
            ["internal range past 65535"] = Case(b => { b["externalPortEnd"] = 8090; b["internalPort"] = 65530; }, "internalPort"),
            ["forward to itself"] = Case(b => { b["internalHost"] = "127.0.0.1"; b["internalPort"] = 8080; }, "internalPort"),
            ["allowed source not an address"] = Case(b => b["allowedSources"] = new JsonArray("nonsense"), "allowedSources"),
            ["allowed source prefix 33"] = Case(b => b["allowedSources"] = new JsonArray("10.0.0.0/33"), "allowedSources"),
            ["allowed source with host bits"] = Case(b => b["allowedSources"] = new JsonArray("10.0.0.1/24"), "allowedSources"),
            ["allowed sources as a string"] = Case(b => b["allowedSources"] = "10.0.0.0/8", "allowedSources"),
            ["allowed sources holding a number"] = Case(b => b["allowedSources"] = new JsonArray(10), "allowedSources"),
            ["host names on a tcp rule"] = Case(b => b["hostNames"] = new JsonArray("example.com"), "hostNames"),
            ["host name that is not one"] = Case(b => { b["protocol"] = "http"; b["hostNames"] = new JsonArray("not a host"); }, "hostNames"),
            ["host names as a number"] = Case(b => { b["protocol"] = "http"; b["hostNames"] = 5; }, "hostNames"),
            ["path prefix on a tcp rule"] = Case(b => b["pathPrefix"] = "/app", "pathPrefix"),
            ["path prefix without a slash"] = Case(b => { b["protocol"] = "http"; b["pathPrefix"] = "app"; }, "pathPrefix"),
            ["path prefix with a space"] = Case(b => { b["protocol"] = "http"; b["pathPrefix"] = "/my app"; }, "pathPrefix"),
            ["description too long"] = Case(b => b["description"] = longText, "description"),
            ["listen address not an address"] = Case(b => b["listenAddress"] = "nope", "listenAddress"),
            ["enabled as text"] = Case(b => b["enabled"] = "yes", "enabled"),
            ["reserved panel port"] = Case(b => b["externalPort"] = SharedPanel.PanelPort, "externalPort"),
            ["unknown proxy protocol"] = Case(b => b["proxyProtocol"] = "v3", "proxyProtocol"),
            ["proxy protocol on a udp rule"] = Case(b => { b["protocol"] = "udp"; b["proxyProtocol"] = "v1"; }, "proxyProtocol"),
            ["proxy protocol on an http rule"] = Case(b => { b["protocol"] = "http"; b["proxyProtocol"] = "v2"; }, "proxyProtocol"),
            ["max connections 0"] = Case(b => b["maxConnections"] = 0, "maxConnections"),
            ["max connections as text"] = Case(b => b["maxConnections"] = "many", "maxConnections"),
            ["per source above max connections"] = Case(b => { b["maxConnections"] = 4; b["maxConnectionsPerSource"] = 5; }, "maxConnectionsPerSource"),
            ["per source on a udp rule"] = Case(b => { b["protocol"] = "udp"; b["maxConnectionsPerSource"] = 2; }, "maxConnectionsPerSource"),
            ["rate in negative"] = Case(b => b["rateLimitInKBps"] = -1, "rateLimitInKBps"),
            ["rate out past 10 million"] = Case(b => b["rateLimitOutKBps"] = 10_000_001, "rateLimitOutKBps"),
            ["range over the panel port"] = Case(b => { b["externalPort"] = SharedPanel.PanelPort - 5; b["externalPortEnd"] = SharedPanel.PanelPort + 5; }, "externalPort"),
        };

        var data = new TheoryData<string, string, string[]>();
        foreach (var (name, (body, fields)) in cases)
        {
            data.Add(name, body, fields);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_answers_400_naming_exactly_the_wrong_fields_and_writes_nothing(string @case, string body, string[] fields)
    {
        // Disabled, so every case can keep one on the same port without a conflict.
        var existing = await Api.CreateRuleAsync(PanelApi.Rule($"Untouched {@case}", 30000, enabled: false), Ct);
        var rowsBefore = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);
        var listBefore = (await Api.ListRulesAsync(Ct)).ToJsonString();

        using var post = await Api.PostAsync("/api/rules", PanelApi.Json(body), Ct);
        using var put = await Api.PutAsync($"/api/rules/{existing["id"]}", PanelApi.Json(body), Ct);

        foreach (var response in new[] { post, put })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.ReadObjectAsync(Ct);
            Assert.Equal(400, (int)problem["status"]!);
            var errors = problem["errors"]!.AsObject();
            Assert.Equal(fields.Order(StringComparer.Ordinal), errors.Select(e => e.Key).Order(StringComparer.Ordinal));
            Assert.All(errors, e => Assert.Contains(e.Value!.AsArray(), m => ((string)m!).Length > 0));
        }

        Assert.Equal(rowsBefore, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
        Assert.Equal(listBefore, (await Api.ListRulesAsync(Ct)).ToJsonString());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    [InlineData("\"a rule\"")]
    [InlineData("{\"name\": \"cut off\", ")]
    public async Task A_body_that_is_not_a_json_rule_answers_400_with_errors_and_writes_nothing(string body)
    {
        var rowsBefore = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);
        var countBefore = (await Api.ListRulesAsync(Ct)).Count;

        using var response = await Api.PostAsync("/api/rules", PanelApi.Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
        Assert.Equal(["body"], errors.Select(e => e.Key));
        Assert.Contains(errors["body"]!.AsArray(), m => ((string)m!).Length > 0);
        Assert.Equal(rowsBefore, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
        Assert.Equal(countBefore, (await Api.ListRulesAsync(Ct)).Count);
    }

    [Fact]
    public async Task A_body_that_is_not_sent_as_json_is_refused_and_writes_nothing()
    {
        var rowsBefore = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);
        using var content = new StringContent(PanelApi.Rule("Plain text", 8181).ToJsonString(), System.Text.Encoding.UTF8, "text/plain");

        using var response = await Api.PostAsync("/api/rules", content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(rowsBefore, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
    }

    [Fact]
    public async Task A_wrong_type_is_reported_under_the_field_name_whatever_case_the_client_wrote()
    {
        var body = PanelApi.Rule("Pascal", 8282);
        body.Remove("externalPort");
        body["ExternalPort"] = "abc";

        using var response = await Api.PostJsonAsync("/api/rules", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
        Assert.Equal(["externalPort"], errors.Select(e => e.Key));
    }
}
