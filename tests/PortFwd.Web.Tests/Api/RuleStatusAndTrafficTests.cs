using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace PortFwd.Web.Tests.Api;

/// <summary><c>/api/rules/{id}/status</c> (what the reconciler applied) and <c>/traffic</c> (empty until sampling lands).</summary>
public sealed class RuleStatusAndTrafficTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    /// <summary>The status once the reconciler has applied the rule (it is "pending" until then).</summary>
    private async Task<JsonObject> SettledStatusAsync(JsonObject rule)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await Api.GetAsync($"/api/rules/{rule["id"]}/status", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var status = await response.ReadObjectAsync(Ct);
            Assert.Contains((string?)status["state"], new[] { "pending", "active", "disabled", "error" });
            if ((string?)status["state"] != "pending" || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task An_enabled_rule_becomes_active_and_really_listens_on_its_port()
    {
        var port = LoopbackPorts.Free();
        var rule = await Api.CreateRuleAsync(PanelApi.Rule("On", port), Ct);

        var status = await SettledStatusAsync(rule);

        Assert.Equal("active", (string?)status["state"]);
        Assert.Contains(status["listening"]!.AsArray(), l => ((string)l!).EndsWith($":{port}", StringComparison.Ordinal));
        Assert.True(status.ContainsKey("router"));
        Assert.True(await LoopbackPorts.AcceptsAsync(port, Ct));
    }

    [Fact]
    public async Task Disabling_a_rule_closes_its_port_and_enabling_it_opens_it_again()
    {
        var port = LoopbackPorts.Free();
        var rule = await Api.CreateRuleAsync(PanelApi.Rule("Switch", port), Ct);
        await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);

        using var off = await Api.PutJsonAsync($"/api/rules/{rule["id"]}", PanelApi.Rule("Switch", port, enabled: false), Ct);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        await LoopbackPorts.WaitUntilAsync(port, accepting: false, Ct);
        Assert.Equal("disabled", (string?)(await SettledStatusAsync(rule))["state"]);

        using var on = await Api.PutJsonAsync($"/api/rules/{rule["id"]}", PanelApi.Rule("Switch", port), Ct);
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);
    }

    [Fact]
    public async Task Deleting_a_rule_closes_its_port()
    {
        var port = LoopbackPorts.Free();
        var rule = await Api.CreateRuleAsync(PanelApi.Rule("Delete me", port), Ct);
        await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);

        using var delete = await Api.DeleteAsync($"/api/rules/{rule["id"]}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await LoopbackPorts.WaitUntilAsync(port, accepting: false, Ct);
    }

    [Fact]
    public async Task A_disabled_rule_is_disabled()
    {
        var rule = await Api.CreateRuleAsync(PanelApi.Rule("Off", LoopbackPorts.Free(), enabled: false), Ct);

        var status = await SettledStatusAsync(rule);

        Assert.Equal("disabled", (string?)status["state"]);
        Assert.Empty(status["listening"]!.AsArray());
    }

    [Fact]
    public async Task A_rule_whose_port_is_taken_is_in_error_with_the_reason()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var status = await SettledStatusAsync(await Api.CreateRuleAsync(PanelApi.Rule("Taken", port), Ct));

        Assert.Equal("error", (string?)status["state"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)status["message"]));
    }

    [Fact]
    public async Task Status_of_an_unknown_rule_answers_404()
    {
        using var response = await Api.GetAsync("/api/rules/999999/status", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("5m", 9701)]
    [InlineData("1h", 9702)]
    [InlineData("24h", 9703)]
    [InlineData("7d", 9704)]
    [InlineData("30d", 9705)]
    public async Task Traffic_for_a_known_range_answers_totals_and_points(string range, int port)
    {
        var rule = await Api.CreateRuleAsync(PanelApi.Rule($"Traffic {range}", port), Ct);

        using var response = await Api.GetAsync($"/api/rules/{rule["id"]}/traffic?range={range}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync(Ct);
        Assert.Equal(range, (string?)body["range"]);
        var totals = body["totals"]!.AsObject();
        foreach (var key in new[] { "bytesIn", "bytesOut", "connections", "activeConnections" })
        {
            Assert.Equal(0, (long)totals[key]!);
        }

        Assert.Empty(body["points"]!.AsArray());
    }

    [Fact]
    public async Task Traffic_without_a_range_uses_five_minutes()
    {
        var rule = await Api.CreateRuleAsync(PanelApi.Rule("Traffic default", 9790), Ct);

        using var response = await Api.GetAsync($"/api/rules/{rule["id"]}/traffic", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5m", (string?)(await response.ReadObjectAsync(Ct))["range"]);
    }

    [Theory]
    [InlineData("2h", 9801)]
    [InlineData("5M", 9802)]
    [InlineData("forever", 9803)]
    public async Task Traffic_for_an_unknown_range_answers_400_naming_the_range(string range, int port)
    {
        var rule = await Api.CreateRuleAsync(PanelApi.Rule($"Bad range {range}", port), Ct);

        using var response = await Api.GetAsync($"/api/rules/{rule["id"]}/traffic?range={range}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("range"));
    }

    [Fact]
    public async Task Traffic_of_an_unknown_rule_answers_404()
    {
        using var response = await Api.GetAsync("/api/rules/999999/traffic?range=5m", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
