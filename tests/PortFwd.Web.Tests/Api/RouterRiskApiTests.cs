using System.Net;
using System.Text.Json.Nodes;

namespace PortFwd.Web.Tests.Api;

/// <summary>
/// A rule that opens a dangerous service on the router (Remote Desktop, SMB, databases…) is saved only with
/// <c>"confirmRisk": true</c>; else 400 naming the risk, and nothing is written. The saved rule remembers it.
/// </summary>
public sealed class RouterRiskApiTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private const string RdpRisk = "Port 3389 is Remote Desktop; opening it on the router exposes it to the internet. Confirm the risk to save.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Off, so no port is opened while testing; "Open on router" asks for the confirmation whether the rule is on or not.</summary>
    private static JsonObject Desktop(string name, int externalPort, int internalPort = 3389, bool? confirmRisk = null)
    {
        var body = PanelApi.Rule(name, externalPort, enabled: false);
        body["internalPort"] = internalPort;
        body["openOnRouter"] = true;
        if (confirmRisk is { } confirm)
        {
            body["confirmRisk"] = confirm;
        }

        return body;
    }

    private static async Task AssertRiskRefusedAsync(HttpResponseMessage response, params string[] messages)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
        Assert.Equal(["confirmRisk"], errors.Select(e => e.Key));
        Assert.Equal(messages, errors["confirmRisk"]!.AsArray().Select(m => (string)m!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public async Task Opening_remote_desktop_on_the_router_without_confirming_is_refused_and_writes_nothing(bool? confirmRisk)
    {
        var rowsBefore = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);

        using var response = await panel.Api.PostJsonAsync("/api/rules", Desktop($"Desktop {confirmRisk}", 33890, confirmRisk: confirmRisk), Ct);

        await AssertRiskRefusedAsync(response, RdpRisk);
        Assert.Equal(rowsBefore, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
    }

    [Fact]
    public async Task Confirming_the_risk_saves_the_rule()
    {
        var rule = await panel.Api.CreateRuleAsync(Desktop("Desktop confirmed", 33891, confirmRisk: true), Ct);

        Assert.True((bool)rule["openOnRouter"]!);
        Assert.Equal(3389, (int)rule["internalPort"]!);
    }

    [Fact]
    public async Task The_same_rule_without_open_on_router_needs_no_confirmation()
    {
        var body = Desktop("Desktop on the LAN only", 33892);
        body["openOnRouter"] = false;

        var rule = await panel.Api.CreateRuleAsync(body, Ct);

        Assert.False((bool)rule["openOnRouter"]!);
    }

    [Fact]
    public async Task An_edit_that_keeps_the_confirmed_risk_does_not_ask_again_but_a_new_risk_does()
    {
        var rule = await panel.Api.CreateRuleAsync(Desktop("Desktop to edit", 33893, confirmRisk: true), Ct);
        var url = $"/api/rules/{rule["id"]}";

        var renamed = Desktop("Desktop to edit, renamed", 33893);
        using (var kept = await panel.Api.PutJsonAsync(url, renamed, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }

        using (var vnc = await panel.Api.PutJsonAsync(url, Desktop("Desktop to edit, renamed", 33893, internalPort: 5900), Ct))
        {
            await AssertRiskRefusedAsync(vnc, "Port 5900 is VNC (remote screen); opening it on the router exposes it to the internet. Confirm the risk to save.");
        }

        var stored = await panel.Api.GetStringAsync(url, Ct);
        Assert.Contains("\"internalPort\":3389", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_on_open_on_router_for_a_saved_rule_asks()
    {
        var body = Desktop("Desktop opened later", 33894);
        body["openOnRouter"] = false;
        var rule = await panel.Api.CreateRuleAsync(body, Ct);

        using var response = await panel.Api.PutJsonAsync($"/api/rules/{rule["id"]}", Desktop("Desktop opened later", 33894), Ct);

        await AssertRiskRefusedAsync(response, RdpRisk);
    }
}
