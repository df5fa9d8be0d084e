using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Fakes;

namespace PortFwd.Web.Tests.HomeRouter;

/// <summary><c>GET /api/public-address</c> through the real app: the source, the address and the NAT kind, with a fake echo service on 127.0.0.1.</summary>
public sealed class PublicAddressApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_no_router_and_a_need_the_address_comes_from_the_echo_service()
    {
        await using var echo = await LocalHttpServer.StartAsync("{\"ip\":\"203.0.113.20\"}");
        await using var panel = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:PublicAddress:EchoUrls:0"] = echo.Url("json").ToString() })
        {
            TestServices = services => services.AddSingleton<IPublicAddressNeed>(new Need()),
        };
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));

        var report = await Until(api, r => (string?)r["source"] == "echo");

        Assert.Equal("203.0.113.20", (string?)report["address"]);
        Assert.Equal("unknown", (string?)report["nat"]);
        Assert.Equal(echo.Url("json").ToString(), (string?)report["echoUrl"]);
        Assert.NotNull((DateTimeOffset?)report["checkedAt"]);
        Assert.Null(report["routerWanAddress"]);
        Assert.Null(report["dynamicDnsProblem"]);
        Assert.Equal("/json", Assert.Single(echo.Received).PathAndQuery);
    }

    [Fact]
    public async Task Without_a_need_the_echo_service_is_not_asked_and_the_source_is_none()
    {
        await using var echo = await LocalHttpServer.StartAsync("203.0.113.21");
        await using var panel = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:PublicAddress:EchoUrls:0"] = echo.BaseUrl.ToString() });
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));

        // Once the checker has made its first pass, a pass that found nothing to do.
        Assert.False(await panel.Services.GetRequiredService<PublicAddressChecker>().CheckOnceAsync(Ct));
        using var response = await api.GetAsync("/api/public-address", Ct);
        var report = await response.ReadObjectAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("none", (string?)report["source"]);
        Assert.Null(report["address"]);
        Assert.Empty(echo.Received);
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> Until(HttpClient api, Func<System.Text.Json.Nodes.JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await api.GetAsync("/api/public-address", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var report = await response.ReadObjectAsync(Ct);
            if (done(report) || DateTime.UtcNow > deadline)
            {
                return report;
            }

            await Task.Delay(50, Ct);
        }
    }

    private sealed class Need : IPublicAddressNeed
    {
        public bool NeedsPublicAddress => true;
    }
}
