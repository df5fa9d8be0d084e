using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PortFwd.Testing.Testbed;
using PortFwd.Web.E2E.Forwarding;

namespace PortFwd.Web.E2E.Router;

/// <summary>
/// The whole path through a real home router: miniupnpd in network namespaces (../shared/testbed),
/// the panel's router client, the relay, and a connection from "the internet" (pf-wan).
/// </summary>
[Collection(IgdTestbedCollection.Name)]
public sealed class RouterEndToEndTests(IgdTestbed testbed, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_opened_on_the_router_is_reachable_from_the_internet_and_comes_back_after_a_router_restart()
    {
        var env = await testbed.UseAsync();
        await using var echo = new EchoServer("through-router");
        var port = LoopbackPorts.Free(env.LanHost);
        await using var server = new PanelServer(new Dictionary<string, string>
        {
            ["PortFwd:Router:Enabled"] = "true",
            ["PortFwd:Router:LocalAddress"] = env.LanHost.ToString(),
            ["PortFwd:Router:DescriptionUrl"] = env.DescriptionUrl.ToString(),
            ["PortFwd:Router:Gateway"] = env.Pcp.ToString(),
            ["PortFwd:Router:ResyncSeconds"] = "2",
            ["PortFwd:Router:LeaseSeconds"] = "600",
        });
        server.Start();
        using var api = await PanelApi.SignInAsync(server.BaseUrl, PanelServer.AdminPassword, Ct);
        var id = await api.CreateAsync(new
        {
            name = "Game server",
            protocol = "tcp",
            externalPort = port,
            internalHost = "127.0.0.1",
            internalPort = echo.Port,
            listenAddress = env.LanHost.ToString(),
            openOnRouter = true,
        }, Ct);

        var router = await api.WaitForRouterStateAsync(id, "mapped", TimeSpan.FromSeconds(15), Ct);
        Assert.Contains($"{env.RouterWan}:{port}", router.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(env.RouterWan.ToString(), router.GetProperty("externalAddress").GetString());
        Assert.True(router.GetProperty("renewsAt").ValueKind == JsonValueKind.String, "a finite lease has a renewal time");

        // The router and the relay apply a rule independently: the relay must listen before the internet can get through.
        await api.WaitForStateAsync(id, "active", TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("through-router:hello", await FromInternetAsync(env, port, "hello"));

        // The router page's data: the router, and our mapping flagged as ours with its rule.
        using (var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) })
        {
            http.DefaultRequestHeaders.Authorization = await BearerAsync(server);
            var report = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/router", UriKind.Relative), Ct)).RootElement;
            Assert.Equal("found", report.GetProperty("state").GetString());
            Assert.Equal(env.RouterWan.ToString(), report.GetProperty("externalAddress").GetString());
            var ours = report.GetProperty("mappings").EnumerateArray().Single(m => m.GetProperty("externalPort").GetInt32() == port);
            Assert.True(ours.GetProperty("ours").GetBoolean());
            Assert.Equal(id, ours.GetProperty("ruleId").GetInt32());
            Assert.Equal("PortFwd: Game server", ours.GetProperty("description").GetString());
        }

        await RouterPageShowsTheMappingAsync(server, port, env);

        // The router reboots and forgets every mapping; the next resync puts ours back.
        env = await testbed.RestartRouterAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string? reply = null;
        while (DateTime.UtcNow < deadline && reply is null)
        {
            reply = await FromInternetAsync(env, port, "again");
        }

        Assert.Equal("through-router:again", reply);
        await api.WaitForRouterStateAsync(id, "mapped", TimeSpan.FromSeconds(10), Ct);

        // Turning the rule off removes its mapping from the router.
        await api.UpdateAsync(id, new
        {
            name = "Game server",
            protocol = "tcp",
            externalPort = port,
            internalHost = "127.0.0.1",
            internalPort = echo.Port,
            listenAddress = env.LanHost.ToString(),
            openOnRouter = true,
            enabled = false,
        }, Ct);
        using (var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) })
        {
            http.DefaultRequestHeaders.Authorization = await BearerAsync(server);
            var gone = false;
            for (var i = 0; i < 50 && !gone; i++)
            {
                var report = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/router", UriKind.Relative), Ct)).RootElement;
                gone = !report.GetProperty("mappings").EnumerateArray().Any(m => m.GetProperty("externalPort").GetInt32() == port);
                if (!gone)
                {
                    await Task.Delay(200, Ct);
                }
            }

            Assert.True(gone, "disabling the rule must delete its router mapping");
        }
    }

    /// <summary>In the browser: the rules table shows the router part, the router page the router and our mapping.</summary>
    private async Task RouterPageShowsTheMappingAsync(PanelServer server, int port, TestbedEnv env)
    {
        await using var browser = await PanelBrowser.OpenAsync(chromium, server.BaseUrl);
        await browser.SignInAsync("/port-forwarding");
        var page = browser.Page;
        var row = page.Locator("#rules-table tbody tr", new() { HasText = "Game server" });
        await Microsoft.Playwright.Assertions.Expect(row.Locator(".rule-router-status")).ToHaveAttributeAsync("data-router-state", "mapped");
        await Microsoft.Playwright.Assertions.Expect(row.Locator(".rule-router-status")).ToContainTextAsync($"{env.RouterWan}:{port}");

        await page.GotoAsync(server.BaseUrl + "/router");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#router-external-ip")).ToHaveTextAsync(env.RouterWan.ToString());
        var mapping = page.Locator("#router-mappings tbody tr", new() { HasText = "PortFwd: Game server" });
        await Microsoft.Playwright.Assertions.Expect(mapping).ToContainTextAsync(port.ToString(CultureInfo.InvariantCulture));
        await Microsoft.Playwright.Assertions.Expect(mapping.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Delete mapping") })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("router");
    }

    private static async Task<System.Net.Http.Headers.AuthenticationHeaderValue> BearerAsync(PanelServer server)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var response = await http.PostAsync(new Uri("/api/tokens", UriKind.Relative),
            new StringContent($"{{\"name\":\"router test {Guid.NewGuid():N}\",\"username\":\"admin\",\"password\":\"{PanelServer.AdminPassword}\"}}", Encoding.UTF8, "application/json"), Ct);
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("token").GetString();
        return new("Bearer", token);
    }

    /// <summary>From pf-wan: a new TCP connection to the router's public address and port; the reply line, or null.</summary>
    private static Task<string?> FromInternetAsync(TestbedEnv env, int port, string message) =>
        Netns.RunAsync(env.WanNamespace, () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (!socket.ConnectAsync(env.RouterWan, port).Wait(TimeSpan.FromSeconds(2.5)))
                {
                    return null;
                }

                socket.ReceiveTimeout = 2500;
                socket.Send(Encoding.ASCII.GetBytes(message + "\n"));
                var buffer = new byte[256];
                var received = new StringBuilder();
                while (!received.ToString().EndsWith('\n'))
                {
                    var n = socket.Receive(buffer);
                    if (n == 0)
                    {
                        break;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }

                return (string?)received.ToString().TrimEnd('\n');
            }
            catch (AggregateException e) when (e.InnerException is SocketException)
            {
                return null;
            }
            catch (SocketException)
            {
                return null;
            }
        });
}
