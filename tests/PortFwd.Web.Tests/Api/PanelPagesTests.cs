using System.Net;

namespace PortFwd.Web.Tests.Api;

/// <summary>The panel's pages, as the signed-in browser first receives them (server prerender), show what the API stored.</summary>
public sealed class PanelPagesTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_port_forwarding_table_lists_rules_created_through_the_api()
    {
        await panel.Api.CreateRuleAsync(PanelApi.Rule("Table web", 9901), Ct);
        var range = PanelApi.Rule("Table game", 9910, "tcpudp");
        range["externalPortEnd"] = 9920;
        range["internalPort"] = 27010;
        await panel.Api.CreateRuleAsync(range, Ct);
        using var browser = panel.Factory.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        using var response = await browser.GetAsync("/port-forwarding", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync(Ct);
        var rows = page.QuerySelectorAll("#rules-table tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList())
            .ToList();
        var game = Assert.Single(rows, r => r[0].StartsWith("Table game", StringComparison.Ordinal));
        Assert.Equal(["TCP/UDP", "9910-9920", "192.168.1.20:27010-27020"], game.Skip(1).Take(3));
        var web = Assert.Single(rows, r => r[0].StartsWith("Table web", StringComparison.Ordinal));
        Assert.Equal(["TCP", "9901", "192.168.1.20:80"], web.Skip(1).Take(3));
    }

    [Fact]
    public async Task A_rule_name_with_markup_is_shown_as_text()
    {
        const string name = "<img src=x onerror=alert(1)>";
        await panel.Api.CreateRuleAsync(PanelApi.Rule(name, 9930), Ct);
        using var browser = panel.Factory.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        using var response = await browser.GetAsync("/port-forwarding", Ct);

        var table = (await response.ReadDocumentAsync(Ct)).QuerySelector("#rules-table")!;
        Assert.Empty(table.QuerySelectorAll("img"));
        Assert.Contains(table.QuerySelectorAll(".rule-name"), n => n.TextContent == name);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var browser = panel.Factory.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        using var signOut = await browser.PostFormAsync("/", "/account/logout", new Dictionary<string, string>(), Ct);

        Assert.Equal("/login", signOut.RedirectTarget());
        using var home = await browser.GetAsync("/", Ct);
        Assert.StartsWith("/login", home.RedirectTarget(), StringComparison.Ordinal);
        using var api = await browser.GetAsync("/api/rules", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}
