using System.Net;

namespace PortFwd.Web.Tests.Api;

/// <summary>The Status and Traffic pages with more rules than they show at once: the busiest 20, and pages of 50.</summary>
public sealed class ManyRulesPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_more_than_twenty_rules_the_dashboard_lists_twenty_and_points_to_the_traffic_page()
    {
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        for (var i = 0; i < 23; i++)
        {
            await api.CreateRuleAsync(PanelApi.Rule($"Dash {i}", 9500 + i, enabled: false), Ct);
        }

        using var browser = panel.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);
        using var response = await browser.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync(Ct);
        Assert.Equal(20, page.QuerySelectorAll("#dashboard-rules tr[data-rule-id]").Length);
        Assert.Equal("23", page.QuerySelector("#rules-total")!.TextContent.Trim());
        var more = page.QuerySelector("#dashboard-rules-more")!;
        Assert.Contains("The 20 busiest of 23 rules.", more.TextContent);
        Assert.NotNull(more.QuerySelector("a[href='traffic']"));
    }

    [Fact]
    public async Task With_more_than_fifty_rules_the_traffic_page_shows_fifty_and_a_pager_that_waits_for_the_live_page()
    {
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        for (var i = 0; i < 53; i++)
        {
            await api.CreateRuleAsync(PanelApi.Rule($"Listed {i}", 9600 + i, enabled: false), Ct);
        }

        using var browser = panel.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);
        using var response = await browser.GetAsync("/traffic", Ct);

        var page = await response.ReadDocumentAsync(Ct);
        var rows = page.QuerySelectorAll("#traffic-rules tr[data-rule-id]");
        Assert.Equal(50, rows.Length);
        Assert.Contains("Listed 0", rows[0].TextContent);
        var pages = page.QuerySelector("#traffic-rules-pages")!;
        Assert.Contains("Rules 1–50 of 53", pages.TextContent);
        // Prerendered, before the circuit is up: the pager's buttons are there but disabled.
        Assert.NotEmpty(pages.QuerySelectorAll("button"));
        Assert.All(pages.QuerySelectorAll("button"), b => Assert.True(b.HasAttribute("disabled")));
    }
}
