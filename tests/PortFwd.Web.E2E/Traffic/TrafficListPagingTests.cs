using Microsoft.Playwright;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Traffic;

/// <summary>The Traffic page with more rules than one page holds: 50 a page, and the pager moves between them once the page is live.</summary>
public sealed class TrafficListPagingTests(ChromiumFixture chromium) : PanelPageTest(chromium)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pager_shows_the_rules_past_the_first_fifty()
    {
        using var api = await PanelApi.SignInAsync(Server.BaseUrl, PanelServer.AdminPassword, Ct);
        for (var i = 0; i < 53; i++)
        {
            await api.CreateAsync(new { name = $"Paged {i:00}", protocol = "tcp", externalPort = 9700 + i, internalHost = "192.168.1.20", internalPort = 80, enabled = false }, Ct);
        }

        await Browser.SignInAsync("/traffic");
        var rows = Page.Locator("#traffic-rules tr[data-rule-id]");
        await Expect(rows).ToHaveCountAsync(50);
        var pages = Page.Locator("#traffic-rules-pages");
        await Expect(pages).ToContainTextAsync("Rules 1–50 of 53");

        // The pager comes alive with the page, then page 2 holds the last three rules.
        var second = pages.GetByRole(AriaRole.Button, new() { Name = "Page 2", Exact = true });
        await Expect(second).ToBeEnabledAsync();
        await second.ClickAsync();

        await Expect(rows).ToHaveCountAsync(3);
        await Expect(pages).ToContainTextAsync("Rules 51–53 of 53");
        await Expect(rows.First).ToContainTextAsync("Paged 50");
    }
}
