using System.Globalization;
using Microsoft.Playwright;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Layout;

/// <summary>The panel on a phone (390×844): no page scrolls sideways, the header stays one line, and sign-out is on screen.</summary>
public sealed class PhoneLayoutTests(ChromiumFixture chromium) : PanelPageTest(chromium, new ViewportSize { Width = Width, Height = Height })
{
    private const int Width = 390;
    private const int Height = 844;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_main_page_and_the_rule_form_fit_a_390_px_phone_with_sign_out_on_screen()
    {
        using var api = await PanelApi.SignInAsync(Server.BaseUrl, PanelServer.AdminPassword, Ct);
        var minecraft = await api.CreateAsync(new
        {
            name = "Minecraft server",
            protocol = "tcp",
            externalPort = LoopbackPorts.Free(),
            internalHost = "192.168.1.20",
            internalPort = 25565,
            description = "The kids' world",
        }, Ct);
        await api.CreateAsync(new
        {
            name = "Remote desktop",
            protocol = "tcp",
            externalPort = LoopbackPorts.Free(),
            internalHost = "192.168.1.40",
            internalPort = 3389,
            enabled = false,
        }, Ct);
        await Browser.SignInAsync("/");

        string[] pages = ["/", "/port-forwarding", "/traffic", $"/traffic/{minecraft}", "/router", "/ddns", "/system"];
        foreach (var path in pages)
        {
            await Browser.GoToAsync(path);
            await Expect(Page.Locator("h1").First).ToBeVisibleAsync();
            await AssertFitsAsync(path);
        }

        await Browser.GoToAsync("/port-forwarding");
        await Expect(Page.Locator("#rules-table")).ToContainTextAsync("Remote desktop");
        await Browser.ScreenshotAsync("phone");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(Page.Locator(".mud-dialog")).ToBeVisibleAsync();
        await Expect(Page.Locator("#rule-form")).ToBeVisibleAsync();
        await AssertFitsAsync("the rule form");
        await Browser.ScreenshotAsync("phone-rule-form");

        Assert.Empty(Browser.ConsoleErrors);
    }

    private async Task AssertFitsAsync(string where)
    {
        var scrollWidth = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{where}: the page is {scrollWidth} px wide on a {Width} px screen");

        // One line of header: the dense app bar is 48 px; a wrapped title makes it taller.
        var header = await Page.Locator(".mud-appbar").BoundingBoxAsync();
        Assert.NotNull(header);
        Assert.True(header.Height <= 56, $"{where}: the header is {header.Height} px tall (wrapped)");

        var signOut = Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        await Expect(signOut).ToBeVisibleAsync();
        var box = await signOut.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= Width && box.Y + box.Height <= Height,
            string.Create(CultureInfo.InvariantCulture, $"{where}: sign-out is at x {box.X}–{box.X + box.Width}, y {box.Y}–{box.Y + box.Height}, not inside {Width}×{Height}"));
    }
}
