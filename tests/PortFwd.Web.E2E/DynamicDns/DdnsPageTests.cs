using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.DynamicDns;

/// <summary>
/// A person adds a No-IP name through the form and sees it answered "good". The No-IP server and the "what is my IP"
/// service are fakes on 127.0.0.1: the echo gives 203.0.113.50, and the fake No-IP server takes it as myip.
/// </summary>
public sealed class DdnsPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _updates = new();
    private HttpBackend _echo = default!;
    private HttpBackend _noIp = default!;
    private PanelServer _server = default!;
    private PanelBrowser _browser = default!;

    private IPage Page => _browser.Page;

    public async ValueTask InitializeAsync()
    {
        _echo = await HttpBackend.StartAsync(context => context.Response.WriteAsync("203.0.113.50\n"));
        _noIp = await HttpBackend.StartAsync(async context =>
        {
            _updates.Enqueue($"{context.Request.Path}{context.Request.QueryString} {context.Request.Headers.Authorization}");
            await context.Response.WriteAsync("good 203.0.113.50");
        });
        _server = new PanelServer(new Dictionary<string, string>
        {
            ["PortFwd:PublicAddress:EchoUrls:0"] = $"http://127.0.0.1:{_echo.Port}/ip",
        });
        _server.Start();
        _browser = await PanelBrowser.OpenAsync(chromium, _server.BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.DisposeAsync();
        await _noIp.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Fact]
    public async Task A_no_ip_name_added_through_the_form_is_updated_and_shows_good()
    {
        await _browser.SignInAsync("/ddns");
        await Expect(Page.Locator("#no-ddns")).ToBeVisibleAsync();

        await Page.Locator("#add-ddns").ClickAsync();
        var form = Page.Locator("#ddns-form");
        await Expect(form).ToBeVisibleAsync();
        // A mistake first: no password.
        await form.GetByLabel("Host name").FillAsync("home.ddns.net");
        await form.GetByLabel("User name").FillAsync("me@example.net");
        await form.GetByLabel("Server URL (optional)").FillAsync($"http://127.0.0.1:{_noIp.Port}/");
        await Page.Locator("#ddns-save").ClickAsync();
        await Expect(form.GetByText("Give the password.")).ToBeVisibleAsync();

        await form.GetByLabel("Password").FillAsync("pw-e2e");
        await Page.Locator("#ddns-save").ClickAsync();
        await Expect(form).ToBeHiddenAsync();

        var row = Page.Locator("#ddns-table tbody tr", new() { HasText = "home.ddns.net" });
        await Expect(row).ToContainTextAsync("No-IP");
        await Expect(row.Locator(".ddns-status")).ToHaveAttributeAsync("data-status", "good");
        await Expect(row).ToContainTextAsync("203.0.113.50");
        await Expect(Page.Locator("#ddns-address")).ToHaveTextAsync("203.0.113.50");
        await _browser.ScreenshotAsync("dynamic-dns");

        // Its history lists the update; editing without typing the password keeps it.
        await row.GetByRole(AriaRole.Button, new() { Name = "History of home.ddns.net" }).ClickAsync();
        await Expect(Page.Locator("#ddns-history")).ToContainTextAsync("203.0.113.50");
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit home.ddns.net" }).ClickAsync();
        await Expect(form.GetByText("Set. Leave empty to keep it.")).ToBeVisibleAsync();
        await Expect(form.GetByLabel("Password")).ToHaveValueAsync("");
        await Page.Locator("#ddns-save").ClickAsync();
        await Expect(form).ToBeHiddenAsync();

        // The Status page looks the name up (a fake DNS here) and says whether it points at the public address.
        _server.Dns["home.ddns.net"] = System.Net.IPAddress.Parse("203.0.113.50");
        await Page.GotoAsync(_server.BaseUrl + "/");
        await Expect(Page.Locator("#ddns-summary tr", new() { HasText = "home.ddns.net" })).ToHaveAttributeAsync("data-matches", "true");

        // Every update sent (saving again is a settings change, sent once the one-a-minute limit allows) carries the password as typed first.
        var auth = "Basic " + Convert.ToBase64String("me@example.net:pw-e2e"u8.ToArray());
        Assert.NotEmpty(_updates);
        Assert.All(_updates, u => Assert.Equal("/nic/update?hostname=home.ddns.net&myip=203.0.113.50 " + auth, u));

        // Delete, confirming.
        await _browser.GoToAsync("/ddns");
        row = Page.Locator("#ddns-table tbody tr", new() { HasText = "home.ddns.net" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete home.ddns.net" }).ClickAsync();
        await Expect(Page.GetByText("Delete home.ddns.net and its history?")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(Page.Locator("#no-ddns")).ToBeVisibleAsync();
        Assert.Empty(_browser.ConsoleErrors);
    }
}
