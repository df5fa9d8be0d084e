using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PortFwd.Testing.Testbed;
using PortFwd.Web.E2E.Forwarding;

namespace PortFwd.Web.E2E.Router;

/// <summary>
/// Dynamic DNS on the IGD testbed: the public address comes from miniupnpd (its WAN address, 198.51.100.1) and reaches
/// a fake dyndns2 server on 127.0.0.1 as <c>myip</c>; no echo service is asked.
/// </summary>
[Collection(IgdTestbedCollection.Name)]
public sealed class DdnsThroughRouterTests(IgdTestbed testbed)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_routers_external_address_is_what_the_dyndns2_server_receives_as_myip()
    {
        var env = await testbed.UseAsync();
        var updates = new ConcurrentQueue<string>();
        var echoAsked = 0;
        await using var echo = await HttpBackend.StartAsync(async context =>
        {
            Interlocked.Increment(ref echoAsked);
            await context.Response.WriteAsync("203.0.113.99");
        });
        await using var dyndns = await HttpBackend.StartAsync(async context =>
        {
            updates.Enqueue(context.Request.QueryString.ToString());
            await context.Response.WriteAsync("good");
        });
        await using var server = new PanelServer(new Dictionary<string, string>
        {
            ["PortFwd:Router:Enabled"] = "true",
            ["PortFwd:Router:LocalAddress"] = env.LanHost.ToString(),
            ["PortFwd:Router:DescriptionUrl"] = env.DescriptionUrl.ToString(),
            ["PortFwd:Router:Gateway"] = env.Pcp.ToString(),
            ["PortFwd:PublicAddress:EchoUrls:0"] = $"http://127.0.0.1:{echo.Port}/",
        });
        server.Start();
        using var api = await PanelApi.SignInAsync(server.BaseUrl, PanelServer.AdminPassword, Ct);

        using var created = await api.Http.PostAsJsonAsync("/api/ddns", new
        {
            provider = "dyndns2",
            hostname = "home.example.net",
            username = "me",
            password = "pw",
            server = $"http://127.0.0.1:{dyndns.Port}/",
        }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (updates.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal($"?hostname=home.example.net&myip={env.RouterWan}", Assert.Single(updates));
        var address = JsonDocument.Parse(await api.Http.GetStringAsync("/api/public-address", Ct)).RootElement;
        Assert.Equal("router", address.GetProperty("source").GetString());
        Assert.Equal(env.RouterWan.ToString(), address.GetProperty("address").GetString());
        Assert.Equal(0, Volatile.Read(ref echoAsked));
    }
}
