using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E;

public sealed class RuleLifecycleTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly PanelServer _server = new();
    private PanelBrowser _browser = default!;

    private IPage Page => _browser.Page;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        _browser = await PanelBrowser.OpenAsync(chromium, _server.BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_user_signs_in_adds_a_rule_that_carries_bytes_toggles_it_off_and_deletes_it()
    {
        await using var echo = new EchoServer("minecraft");
        var port = LoopbackPorts.Free();
        var ct = TestContext.Current.CancellationToken;

        // Any page first asks to sign in.
        await _browser.SignInAsync("/port-forwarding", onLoginPage: () => Screenshot("login"));
        await Expect(Page.Locator("#signed-in-user")).ToHaveTextAsync("admin");
        await Expect(Page.Locator("#no-rules")).ToBeVisibleAsync();

        // Add a rule through the form, first with a mistake the validator catches.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        var dialog = Page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Minecraft server");
        await Page.GetByLabel("External port", new() { Exact = true }).FillAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByLabel("Internal host").FillAsync("not a host!");
        await Page.GetByLabel("Internal port").FillAsync(echo.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText("is not an IP address or host name")).ToBeVisibleAsync();
        await Screenshot("rule-form-error");

        await Page.GetByLabel("Internal host").FillAsync("127.0.0.1");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var row = Page.Locator("#rules-table tbody tr", new() { HasText = "Minecraft server" });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("TCP");
        await Expect(row).ToContainTextAsync($"127.0.0.1:{echo.Port}");
        // The chip turns active live, and bytes sent to the external port come back through the relay.
        await Expect(row.Locator(".status-chip")).ToHaveAttributeAsync("data-state", "active");
        Assert.Equal("minecraft:hello", await Forwarding.Net.TcpRoundTripAsync(port, "hello", ct));
        await Screenshot("port-forwarding");

        // Toggle it off inline.
        var toggle = row.GetByRole(AriaRole.Switch).Or(row.Locator("input[type=checkbox]")).First;
        await Expect(toggle).ToBeCheckedAsync();
        await toggle.ClickAsync(new() { Force = true });
        await Expect(row.Locator(".status-chip")).ToHaveAttributeAsync("data-state", "disabled");
        await Expect(toggle).Not.ToBeCheckedAsync();
        Assert.True(await Forwarding.Net.WaitUntilRefusedAsync(port, TimeSpan.FromSeconds(1), ct), "a rule switched off must close its port");

        // The change is stored: a reload shows it off.
        await Page.ReloadAsync();
        await _browser.WaitForCircuitAsync();
        row = Page.Locator("#rules-table tbody tr", new() { HasText = "Minecraft server" });
        await Expect(row.Locator(".status-chip")).ToHaveAttributeAsync("data-state", "disabled");

        // Delete it, confirming.
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete Minecraft server" }).ClickAsync();
        await Expect(Page.GetByText("Delete the rule \"Minecraft server\"?")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Expect(Page.Locator("#no-rules")).ToBeVisibleAsync();

        Assert.Empty(_browser.ConsoleErrors);
    }

    private Task Screenshot(string name) => _browser.ScreenshotAsync(name);
}
