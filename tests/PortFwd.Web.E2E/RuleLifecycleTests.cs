using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E;

public sealed class RuleLifecycleTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly PanelServer _server = new();
    private readonly List<string> _consoleErrors = [];
    private IBrowserContext _context = default!;
    private IPage _page = default!;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        _context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 860 } });
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add(message.Text);
            }
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_user_signs_in_adds_a_rule_that_carries_bytes_toggles_it_off_and_deletes_it()
    {
        await using var echo = new Forwarding.EchoServer("minecraft");
        var port = Forwarding.Net.FreePort();
        var ct = TestContext.Current.CancellationToken;

        // Any page first asks to sign in.
        await _page.GotoAsync(_server.BaseUrl + "/port-forwarding");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await Screenshot("login");

        await _page.GetByLabel("Username").FillAsync("admin");
        await _page.GetByLabel("Password").FillAsync(PanelServer.AdminPassword);
        var circuit = _page.WaitForWebSocketAsync(new() { Predicate = ws => ws.Url.Contains("/_blazor", StringComparison.Ordinal) });
        await _page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/port-forwarding$"));
        await circuit;
        await Expect(_page.Locator("#app-state")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(_page.Locator("#signed-in-user")).ToHaveTextAsync("admin");
        await Expect(_page.Locator("#no-rules")).ToBeVisibleAsync();

        // Add a rule through the form, first with a mistake the validator catches.
        await _page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        var dialog = _page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await _page.GetByLabel("Name", new() { Exact = true }).FillAsync("Minecraft server");
        await _page.GetByLabel("External port", new() { Exact = true }).FillAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _page.GetByLabel("Internal host").FillAsync("not a host!");
        await _page.GetByLabel("Internal port").FillAsync(echo.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText("is not an IP address or host name")).ToBeVisibleAsync();
        await Screenshot("rule-form-error");

        await _page.GetByLabel("Internal host").FillAsync("127.0.0.1");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var row = _page.Locator("#rules-table tbody tr", new() { HasText = "Minecraft server" });
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
        Assert.True(await Forwarding.Net.TcpRefusedAsync(port, ct), "a rule switched off must close its port");

        // The change is stored: a reload shows it off.
        await _page.ReloadAsync();
        await Expect(_page.Locator("#app-state")).ToHaveAttributeAsync("data-interactive", "true");
        row = _page.Locator("#rules-table tbody tr", new() { HasText = "Minecraft server" });
        await Expect(row.Locator(".status-chip")).ToHaveAttributeAsync("data-state", "disabled");

        // Delete it, confirming.
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete Minecraft server" }).ClickAsync();
        await Expect(_page.GetByText("Delete the rule \"Minecraft server\"?")).ToBeVisibleAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Expect(_page.Locator("#no-rules")).ToBeVisibleAsync();

        Assert.Empty(_consoleErrors);
    }

    private Task Screenshot(string name) =>
        _page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ArtifactsDirectory, name + ".png"), FullPage = true });
}
