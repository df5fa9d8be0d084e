using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using PortFwd.Testing.Testbed;
using PortFwd.Web.E2E.Forwarding;
using PortFwd.Web.HomeRouter;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Router;

/// <summary>
/// A rule with a schedule, opened on a real router (miniupnpd in the testbed's namespaces) by a panel on a fake clock:
/// the mapping appears on the router when the window opens and is deleted there when it closes, and the rules table
/// says until when the rule is off.
/// </summary>
[Collection(IgdTestbedCollection.Name)]
public sealed class ScheduleThroughRouterTests(IgdTestbed testbed, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // Friday 4 December 2026, ten seconds before an 18:00–18:01 window; the panel's zone is UTC.
    private static readonly DateTimeOffset Opens = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_router_mapping_appears_when_the_window_opens_and_is_removed_when_it_closes()
    {
        var env = await testbed.UseAsync();
        var clock = new FakeTimeProvider(Opens.AddSeconds(-10));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        var port = LoopbackPorts.Free(env.LanHost);
        await using var server = new PanelServer(new Dictionary<string, string>
        {
            ["PortFwd:Router:Enabled"] = "true",
            ["PortFwd:Router:LocalAddress"] = env.LanHost.ToString(),
            ["PortFwd:Router:DescriptionUrl"] = env.DescriptionUrl.ToString(),
            ["PortFwd:Router:Gateway"] = env.Pcp.ToString(),
            // Far beyond the test: the router pass that maps and unmaps is the one the schedule's timer wakes.
            ["PortFwd:Router:ResyncSeconds"] = "600",
            ["PortFwd:Router:LeaseSeconds"] = "600",
        })
        { Clock = clock };
        server.Start();
        var routerPasses = server.Services.GetRequiredService<RouterMappingReconciler>();
        using var api = await PanelApi.SignInAsync(server.BaseUrl, PanelServer.AdminPassword, Ct);
        var id = await api.CreateAsync(new
        {
            name = "Evening game",
            protocol = "tcp",
            externalPort = port,
            internalHost = "127.0.0.1",
            internalPort = LoopbackPorts.Free(),
            listenAddress = env.LanHost.ToString(),
            openOnRouter = true,
            schedule = new { days = new[] { "fri" }, from = "18:00", to = "18:01" },
        }, Ct);

        var off = await api.WaitForStateAsync(id, "scheduled", TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("Off by schedule until 18:00", off.GetProperty("message").GetString());
        await UntilAsync(() => routerPasses.NextScheduleChange == Opens, "the router pass to be due at 18:00");
        Assert.False(await RouterMapsAsync(api, port), "no mapping before the window opens");
        await RulesTableSaysAsync(server, "Off by schedule until 18:00");

        clock.Advance(TimeSpan.FromSeconds(10));
        var router = await api.WaitForRouterStateAsync(id, "mapped", TimeSpan.FromSeconds(15), Ct);
        Assert.Contains($"{env.RouterWan}:{port}", router.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(await RouterMapsAsync(api, port), "the router lists the mapping once the window is open");
        await api.WaitForStateAsync(id, "active", TimeSpan.FromSeconds(10), Ct);
        await UntilAsync(() => routerPasses.NextScheduleChange == Opens.AddMinutes(1), "the router pass to be due at 18:01");

        clock.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(async () => !await RouterMapsAsync(api, port), "the router to drop the mapping at 18:01");
        var closed = await api.WaitForStateAsync(id, "scheduled", TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("Off by schedule until next Fri 18:00", closed.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("router").ValueKind);

        // The reachability check asks the router itself, and says why the forwarding is missing.
        using var check = await api.Http.PostAsync(new Uri($"/api/rules/{id}/check", UriKind.Relative), null, Ct);
        var steps = JsonDocument.Parse(await check.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("steps").EnumerateArray().ToList();
        var routerStep = steps.Single(s => s.GetProperty("name").GetString() == "router");
        Assert.Equal("fail", routerStep.GetProperty("status").GetString());
        Assert.Contains("outside its schedule (Off by schedule until next Fri 18:00)", routerStep.GetProperty("message").GetString(), StringComparison.Ordinal);
        var relayStep = steps.Single(s => s.GetProperty("name").GetString() == "relay");
        Assert.Contains("outside its schedule", relayStep.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Whether the router itself lists a mapping of <paramref name="port"/> (GET /api/router asks it).</summary>
    private static async Task<bool> RouterMapsAsync(PanelApi api, int port)
    {
        var report = JsonDocument.Parse(await api.Http.GetStringAsync(new Uri("/api/router", UriKind.Relative), Ct)).RootElement;
        return report.GetProperty("mappings").EnumerateArray().Any(m => m.GetProperty("externalPort").GetInt32() == port);
    }

    /// <summary>In the browser: the rule's chip in the rules table reads "Scheduled" with the message under it.</summary>
    private async Task RulesTableSaysAsync(PanelServer server, string message)
    {
        await using var browser = await PanelBrowser.OpenAsync(chromium, server.BaseUrl);
        await browser.SignInAsync("/port-forwarding");
        var row = browser.Page.Locator("#rules-table tbody tr", new() { HasText = "Evening game" });
        await Expect(row.Locator(".status-chip")).ToHaveAttributeAsync("data-state", "scheduled");
        await Expect(row.Locator(".status-chip")).ToHaveTextAsync("Scheduled");
        await Expect(row.Locator(".rule-status-message")).ToHaveTextAsync(message);
        await browser.ScreenshotAsync("rule-scheduled");
    }

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(100, Ct);
        }
    }
}
