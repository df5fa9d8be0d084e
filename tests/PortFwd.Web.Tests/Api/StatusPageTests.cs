using System.Net;

namespace PortFwd.Web.Tests.Api;

/// <summary>The Status page (dashboard) with more rules than it lists: the busiest 20, and where the rest are.</summary>
public sealed class StatusPageTests
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
}
