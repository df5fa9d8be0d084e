using System.Globalization;
using Microsoft.Playwright;
using PortFwd.Testing.Testbed;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Router;

/// <summary>
/// The router client switched on from the Settings page of a running panel (started with it off), pointed at the real
/// router of the testbed: the waiting rule's port is opened on the router with no restart, and the router page follows live.
/// </summary>
[Collection(IgdTestbedCollection.Name)]
public sealed class RouterSettingsTests(IgdTestbed testbed, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Turning_the_router_client_on_in_Settings_opens_the_rules_port_on_the_router_without_a_restart()
    {
        var env = await testbed.UseAsync();
        var port = LoopbackPorts.Free(env.LanHost);
        await using var server = new PanelServer(new Dictionary<string, string> { ["PortFwd:Router:ResyncSeconds"] = "2" });
        server.Start();
        using var api = await PanelApi.SignInAsync(server.BaseUrl, PanelServer.AdminPassword, Ct);
        var id = await api.CreateAsync(new
        {
            name = "Switched on later",
            protocol = "tcp",
            externalPort = port,
            internalHost = "127.0.0.1",
            internalPort = 9,
            listenAddress = env.LanHost.ToString(),
            openOnRouter = true,
        }, Ct);
        await api.WaitForStateAsync(id, "active", TimeSpan.FromSeconds(10), Ct);
        Assert.DoesNotContain(ExternalPortText(port), await RouterListAsync(env));

        // The router page, open before the change, must follow it by itself.
        await using var watcher = await PanelBrowser.OpenAsync(chromium, server.BaseUrl);
        await watcher.SignInAsync("/router");
        await Expect(watcher.Page.Locator("#router-info")).ToHaveAttributeAsync("data-router-state", "off");

        await using var browser = await PanelBrowser.OpenAsync(chromium, server.BaseUrl);
        await browser.SignInAsync("/settings");
        var page = browser.Page;
        await Expect(page.Locator("#setting-source-routerEnabled")).ToHaveAttributeAsync("data-source", "configuration");
        await page.Locator("#setting-routerEnabled").CheckAsync();
        await page.FillAsync("#setting-routerLocalAddress", env.LanHost.ToString());
        await page.FillAsync("#setting-routerGateway", env.Pcp.ToString());
        await page.FillAsync("#setting-routerDescriptionUrl", env.DescriptionUrl.ToString());
        await page.ClickAsync("#settings-save");

        await Expect(page.Locator(".mud-snackbar", new() { HasText = "in use now" })).ToBeVisibleAsync();
        foreach (var field in new[] { "routerEnabled", "routerLocalAddress", "routerGateway", "routerDescriptionUrl" })
        {
            await Expect(page.Locator($"#setting-source-{field}")).ToHaveAttributeAsync("data-source", "panel");
        }

        await Expect(page.Locator("#setting-source-routerLeaseSeconds")).ToHaveAttributeAsync("data-source", "default");
        await browser.ScreenshotAsync("settings-router-on");

        var router = await api.WaitForRouterStateAsync(id, "mapped", TimeSpan.FromSeconds(20), Ct);
        Assert.Contains($"{env.RouterWan}:{port}", router.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The router itself, asked by another LAN host: the mapping is there, to this machine.
        var listed = await RouterListAsync(env);
        Assert.Contains(ExternalPortText(port), listed);
        Assert.Contains($"{env.LanHost}:{port}", listed, StringComparison.Ordinal);

        await Expect(watcher.Page.Locator("#router-info")).ToHaveAttributeAsync("data-router-state", "found");
        await Expect(watcher.Page.Locator("#router-external-ip")).ToHaveTextAsync(env.RouterWan.ToString());
        await Expect(watcher.Page.Locator("#router-mappings tbody tr", new() { HasText = "PortFwd: Switched on later" }))
            .ToContainTextAsync(port.ToString(CultureInfo.InvariantCulture));
        await watcher.ScreenshotAsync("router-after-settings");
        Assert.Empty(browser.ConsoleErrors);
        Assert.Empty(watcher.ConsoleErrors);
    }

    /// <summary>"TCP  &lt;port&gt;->" as upnpc -l prints a mapping of that external port.</summary>
    private static string ExternalPortText(int port) => string.Create(CultureInfo.InvariantCulture, $"TCP {port}->");

    /// <summary>The router's mappings as Debian's upnpc lists them from the other LAN host (pf-lan).</summary>
    private static async Task<string> RouterListAsync(TestbedEnv env)
    {
        var (exit, output, error) = await ToolProcess.RunAsync("ip", $"netns exec {env.LanNamespace} upnpc -u {env.DescriptionUrl} -l", null, TimeSpan.FromSeconds(15));
        Assert.True(exit == 0, $"upnpc -l failed ({exit}): {output} {error}");
        // upnpc pads the protocol column; one space is enough to compare.
        return System.Text.RegularExpressions.Regex.Replace(output, " +", " ");
    }
}
