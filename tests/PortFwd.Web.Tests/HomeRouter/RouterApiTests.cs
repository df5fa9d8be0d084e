using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Testing.HomeRouter;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.HomeRouter;

/// <summary>The real app with its router client finding a router in memory: <c>GET /api/router</c> gives the router's
/// own page, <c>GET /api/public-address</c> the NAT kind, and the Status and router pages show both as the browser first gets them.</summary>
public sealed class RouterApiTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PanelFactory PanelWith(InMemoryRouter router) => new(settings: new Dictionary<string, string?>
    {
        ["PortFwd:Router:Enabled"] = "true",
        ["PortFwd:Router:LocalAddress"] = "192.168.1.10",
        ["PortFwd:Router:Gateway"] = "192.168.1.1",
    })
    {
        TestServices = services => services.AddSingleton<IRouterFinder>(new InMemoryRouterFinder(router)),
    };

    [Fact]
    public async Task Behind_carrier_grade_NAT_the_api_and_both_pages_say_so_and_the_router_page_links_the_routers_own_page()
    {
        var router = new InMemoryRouter(TimeProvider.System) { ExternalAddress = IPAddress.Parse("100.64.1.2"), WebPage = new Uri("http://192.168.1.1/") };
        await using var panel = PanelWith(router);
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));

        var report = await UntilAsync(api, "/api/router", r => (string?)r["state"] == "found" && r["externalAddress"] is not null);
        var address = await UntilAsync(api, "/api/public-address", r => (string?)r["nat"] != "unknown");

        Assert.Equal("http://192.168.1.1/", (string?)report["webPage"]);
        Assert.Equal("carrier-grade-nat", (string?)address["nat"]);

        using var browser = panel.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);
        using var statusResponse = await browser.GetAsync("/", Ct);
        var status = await statusResponse.ReadDocumentAsync(Ct);
        Assert.NotNull(status.QuerySelector("#cgnat-banner"));
        Assert.Equal("carrier-grade-nat", status.QuerySelector("#router-summary-nat")?.GetAttribute("data-nat"));

        using var routerResponse = await browser.GetAsync("/router", Ct);
        var routerPage = await routerResponse.ReadDocumentAsync(Ct);
        Assert.NotNull(routerPage.QuerySelector("#cgnat-banner"));
        Assert.Equal("carrier-grade NAT — the provider shares one public address among customers", routerPage.QuerySelector("#router-nat")?.TextContent.Trim());
        Assert.Equal("http://192.168.1.1/", routerPage.QuerySelector("#router-web-page")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Behind_double_NAT_the_nat_wire_name_is_double_nat_and_a_router_without_a_page_gives_null()
    {
        var router = new InMemoryRouter(TimeProvider.System) { ExternalAddress = IPAddress.Parse("192.168.0.2") };
        await using var panel = PanelWith(router);
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));

        var report = await UntilAsync(api, "/api/router", r => (string?)r["state"] == "found" && r["externalAddress"] is not null);
        var address = await UntilAsync(api, "/api/public-address", r => (string?)r["nat"] != "unknown");

        Assert.True(report.ContainsKey("webPage"));
        Assert.Null(report["webPage"]);
        Assert.Equal("double-nat", (string?)address["nat"]);
    }

    private static async Task<JsonObject> UntilAsync(HttpClient api, string url, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            using var response = await api.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.ReadObjectAsync(Ct);
            if (done(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{url} did not get there in time: {body}");
            await Task.Delay(50, Ct);
        }
    }
}
