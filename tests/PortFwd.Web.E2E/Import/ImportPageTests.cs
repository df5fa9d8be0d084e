using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Import;

/// <summary>What a person moving off rinetd does: paste the config, preview, import, and find the rule forwarding on Port Forwarding.</summary>
public sealed class ImportPageTests(ChromiumFixture chromium) : PanelPageTest(chromium)
{
    [Fact]
    public async Task A_pasted_rinetd_config_is_previewed_imported_and_forwards_from_the_port_forwarding_page()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var echo = new EchoServer("imported");
        var port = LoopbackPorts.Free();
        var text = string.Create(CultureInfo.InvariantCulture, $"# the old gateway\nlogfile /var/log/rinetd.log\n127.0.0.1 {port} 127.0.0.1 {echo.Port}\n");

        await Browser.SignInAsync("/import");
        await Page.Locator("#import-text").FillAsync(text);
        await Expect(Page.Locator("#import-apply")).ToBeDisabledAsync();
        await Page.Locator("#import-preview").ClickAsync();

        var row = Page.Locator("#import-rules tbody tr", new() { HasText = "rinetd line 3" });
        await Expect(row).ToContainTextAsync($"127.0.0.1:{echo.Port}");
        await Expect(Page.Locator("#import-notes")).ToContainTextAsync("logfile");
        await Expect(Page.Locator("#import-ready")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync("import-preview");

        await Page.Locator("#import-apply").ClickAsync();
        await Expect(Page.Locator("#import-done")).ToContainTextAsync("Imported 1 rule");
        await Page.Locator("#import-done-link").ClickAsync();

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/port-forwarding$"));
        var rule = Page.Locator("#rules-table tbody tr", new() { HasText = "rinetd line 3" });
        await Expect(rule).ToContainTextAsync($"127.0.0.1:{echo.Port}");
        await Expect(rule.Locator(".status-chip")).ToHaveAttributeAsync("data-state", "active");
        Assert.Equal("imported:hello", await Forwarding.Net.TcpRoundTripAsync(port, "hello", ct));
        Assert.Empty(Browser.ConsoleErrors);
    }
}
