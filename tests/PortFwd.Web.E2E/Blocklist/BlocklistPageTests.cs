using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PortFwd.Relay.Engine;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Blocklist;

/// <summary>A person blocks a network from the Blocklist page (a mistake first), sees it listed, and unblocks it; the relay follows both.</summary>
public sealed class BlocklistPageTests(ChromiumFixture chromium) : PanelPageTest(chromium)
{
    private static readonly IPAddress Inside = IPAddress.Parse("203.0.113.9");

    private RelayEngine Relay => Server.Services.GetRequiredService<RelayEngine>();

    [Fact]
    public async Task A_network_blocked_on_the_page_is_listed_and_in_force_and_unblocking_it_lets_it_in_again()
    {
        await Browser.SignInAsync("/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Blocklist" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(Server.BaseUrl + "/blocklist");
        await Expect(Page.Locator("#no-blocklist")).ToBeVisibleAsync();
        var form = Page.Locator("#blocklist-form");
        await Expect(Page.Locator("#blocklist-add")).ToBeEnabledAsync();

        // A mistake first: bits past the prefix.
        await form.GetByLabel("Address or network").FillAsync("203.0.113.7/24");
        await Page.Locator("#blocklist-add").ClickAsync();
        await Expect(form.GetByText("did you mean 203.0.113.0/24?", new() { Exact = false })).ToBeVisibleAsync();
        Assert.False(Relay.Blocklist.Blocks(Inside));

        await form.GetByLabel("Address or network").FillAsync("203.0.113.0/24");
        await form.GetByLabel("Note (optional)").FillAsync("port scanner");
        await form.GetByLabel("Expires (optional)").FillAsync("2099-01-01T18:30");
        await Page.Locator("#blocklist-add").ClickAsync();

        var row = Page.Locator("#blocklist-table tbody tr", new() { HasText = "203.0.113.0/24" });
        await Expect(row).ToContainTextAsync("port scanner");
        await Expect(row.Locator(".blocklist-expires")).ToHaveTextAsync("2099-01-01 18:30");
        await Expect(form.GetByLabel("Address or network")).ToHaveValueAsync("");
        Assert.True(Relay.Blocklist.Blocks(Inside));
        await Browser.ScreenshotAsync("blocklist");

        await row.GetByRole(AriaRole.Button, new() { Name = "Unblock 203.0.113.0/24" }).ClickAsync();

        await Expect(Page.Locator("#no-blocklist")).ToBeVisibleAsync();
        Assert.False(Relay.Blocklist.Blocks(Inside));
        Assert.Empty(Browser.ConsoleErrors);
    }
}
