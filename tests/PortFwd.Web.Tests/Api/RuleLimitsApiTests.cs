using System.Net;
using System.Text.Json.Nodes;

namespace PortFwd.Web.Tests.Api;

/// <summary>The PROXY protocol and the limits go through the REST body and come back in the rule's answer.</summary>
public sealed class RuleLimitsApiTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    [Fact]
    public async Task A_rule_without_limits_answers_with_the_defaults()
    {
        var created = await Api.CreateRuleAsync(PanelApi.Rule("Defaults", 31001, enabled: false), Ct);

        Assert.Equal("off", (string)created["proxyProtocol"]!);
        Assert.Equal(1024, (int)created["maxConnections"]!);
        Assert.Equal(0, (int)created["maxConnectionsPerSource"]!);
        Assert.Equal(0, (int)created["rateLimitInKBps"]!);
        Assert.Equal(0, (int)created["rateLimitOutKBps"]!);
    }

    [Fact]
    public async Task The_limits_round_trip_through_create_read_and_update()
    {
        var body = PanelApi.Rule("Limited", 31002, enabled: false);
        body["proxyProtocol"] = "v2";
        body["maxConnections"] = 100;
        body["maxConnectionsPerSource"] = 4;
        body["rateLimitInKBps"] = 1024;
        body["rateLimitOutKBps"] = 2048;

        var created = await Api.CreateRuleAsync(body, Ct);
        using var read = await Api.GetAsync($"/api/rules/{created["id"]}", Ct);
        var stored = await read.ReadObjectAsync(Ct);

        Assert.Equal(("v2", 100, 4, 1024, 2048), Limits(stored));

        body["proxyProtocol"] = "v1";
        body["rateLimitInKBps"] = 0;
        using var put = await Api.PutJsonAsync($"/api/rules/{created["id"]}", body, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(("v1", 100, 4, 0, 2048), Limits(await put.ReadObjectAsync(Ct)));
    }

    [Fact]
    public async Task Bad_limits_answer_400_naming_each_field_and_why()
    {
        var body = PanelApi.Rule("Bad limits", 31003, protocol: "udp", enabled: false);
        body["proxyProtocol"] = "v1";
        body["maxConnections"] = 0;
        body["rateLimitOutKBps"] = -1;

        using var response = await Api.PostJsonAsync("/api/rules", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
        Assert.Contains("UDP", (string)errors["proxyProtocol"]![0]!, StringComparison.Ordinal);
        Assert.Contains("1 to 65535", (string)errors["maxConnections"]![0]!, StringComparison.Ordinal);
        Assert.Contains("0 (no limit)", (string)errors["rateLimitOutKBps"]![0]!, StringComparison.Ordinal);
    }

    private static (string?, int, int, int, int) Limits(JsonObject rule) => (
        (string?)rule["proxyProtocol"], (int)rule["maxConnections"]!, (int)rule["maxConnectionsPerSource"]!,
        (int)rule["rateLimitInKBps"]!, (int)rule["rateLimitOutKBps"]!);
}
