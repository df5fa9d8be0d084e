using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Traffic;

public sealed partial class TrafficPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly PanelServer _server = new();
    private PanelBrowser _browser = default!;

    private IPage Page => _browser.Page;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        _browser = await PanelBrowser.OpenAsync(chromium, _server.BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_traffic_page_of_a_rule_shows_its_chart_and_totals_changing_live_while_bytes_flow()
    {
        await using var echo = new EchoServer("live");
        var port = LoopbackPorts.Free();
        using var api = await PanelApi.SignInAsync(_server.BaseUrl, PanelServer.AdminPassword, Ct);
        var rule = await api.CreateAsync(new { name = "Live stream", protocol = "tcp", externalPort = port, internalHost = "127.0.0.1", internalPort = echo.Port }, Ct);
        await api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        await SignInAsync("/port-forwarding");
        // From the rules table to the rule's traffic page.
        await Page.Locator("#rules-table tbody tr", new() { HasText = "Live stream" }).Locator(".rule-traffic-link").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/traffic/{rule}$"));
        await Expect(Page.Locator("#traffic-rule-name")).ToHaveTextAsync("Live stream");
        await Expect(Page.Locator("#traffic-chart svg").First).ToBeVisibleAsync();
        await Expect(Page.Locator("#traffic-chart")).ToHaveAttributeAsync("data-points", "300");
        await Expect(Page.Locator("#total-in")).ToHaveTextAsync("0 B");

        // Bytes flow for a while (bounded), and the page follows without a reload.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(30));
        var pump = PumpAsync(port, stop.Token);
        try
        {
            await Expect(Page.Locator("#total-in")).Not.ToHaveTextAsync("0 B", new() { Timeout = 5000 });
            var first = await Page.Locator("#total-in").TextContentAsync();
            var firstSum = await Page.Locator("#traffic-chart").GetAttributeAsync("data-sum");
            await Expect(Page.Locator("#total-in")).Not.ToHaveTextAsync(first!, new() { Timeout = 5000 });
            await Expect(Page.Locator("#traffic-chart")).Not.ToHaveAttributeAsync("data-sum", firstSum!, new() { Timeout = 5000 });
            await Expect(Page.Locator("#traffic-chart path.mud-chart-line").First).ToBeVisibleAsync();
            await Expect(Page.Locator("#rate-in")).Not.ToHaveTextAsync("0 B/s", new() { Timeout = 5000 });
            await Expect(Page.Locator("#active")).ToHaveTextAsync("1");
            await Screenshot("traffic-rule-live");

            // Bits per second on request.
            await Page.ClickAsync("#units-bits");
            await Expect(Page.Locator("#rate-in")).ToHaveTextAsync(new Regex("bit/s$"), new() { Timeout = 5000 });
            await Expect(Page.Locator("#traffic-chart")).ToHaveAttributeAsync("data-unit", new Regex("bit/s$"));

            // The hour range is per minute and already holds the bytes of this minute.
            await Page.ClickAsync("#range-1h");
            await Expect(Page.Locator("#traffic-chart")).ToHaveAttributeAsync("data-points", "60");
            await Expect(Page.Locator("#total-in")).Not.ToHaveTextAsync("0 B");
            await Screenshot("traffic-rule-hour");

            // The Traffic section and the dashboard list the rule with its rate.
            await Page.ClickAsync("a[href='traffic']");
            await Expect(Page).ToHaveURLAsync(new Regex("/traffic$"));
            var row = Page.Locator("#traffic-rules tr[data-rule-id]", new() { HasText = "Live stream" });
            await Expect(row.Locator(".rate-in")).Not.ToHaveTextAsync("0 B/s", new() { Timeout = 5000 });
            await Expect(row.Locator("svg.traffic-sparkline")).ToBeVisibleAsync();
            await Page.ClickAsync("a[href='']");
            await Expect(Page.Locator("#dashboard-rules tr[data-rule-id]").First).ToContainTextAsync("Live stream");
            await Expect(Page.Locator("#throughput-now")).Not.ToHaveTextAsync("0 B/s", new() { Timeout = 5000 });
            await Expect(Page.Locator("#rules-active")).ToHaveTextAsync("1");
            await Screenshot("dashboard");
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }

        Assert.Empty(_browser.ConsoleErrors);
    }

    [Fact]
    public async Task An_http_rule_shows_requests_per_second_and_status_classes()
    {
        await using var backend = await HttpStatusBackend.StartAsync();
        var port = LoopbackPorts.Free();
        using var api = await PanelApi.SignInAsync(_server.BaseUrl, PanelServer.AdminPassword, Ct);
        var rule = await api.CreateAsync(new { name = "Web site", protocol = "http", externalPort = port, internalHost = "127.0.0.1", internalPort = backend.Port }, Ct);
        await api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        await SignInAsync($"/traffic/{rule}");
        await Expect(Page.Locator("#requests-chart")).ToHaveAttributeAsync("data-unit", "requests/s");
        await Expect(Page.Locator("#total-2xx")).ToHaveTextAsync("0");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var code in new[] { 200, 200, 200, 404, 502 })
        {
            using var answer = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/status/{code}"), Ct);
        }

        await Expect(Page.Locator("#total-requests")).ToHaveTextAsync("5", new() { Timeout = 5000 });
        await Expect(Page.Locator("#total-2xx")).ToHaveTextAsync("3");
        await Expect(Page.Locator("#total-4xx")).ToHaveTextAsync("1");
        await Expect(Page.Locator("#total-5xx")).ToHaveTextAsync("1");
        await Expect(Page.Locator("#requests-chart")).ToHaveAttributeAsync("data-sum", "5");
        await Screenshot("traffic-http-rule");
        Assert.Empty(_browser.ConsoleErrors);
    }

    /// <summary>Sends 20 KB every 200 ms over one connection until stopped (at most 30 s), reading the echo back.</summary>
    private static async Task PumpAsync(int port, CancellationToken stop)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, stop);
        var stream = client.GetStream();
        var chunk = new byte[20_000];
        var buffer = new byte[64 * 1024];
        var reader = Task.Run(async () =>
        {
            try
            {
                while (await stream.ReadAsync(buffer, stop) > 0)
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
        }, CancellationToken.None);
        try
        {
            for (var i = 0; i < 150 && !stop.IsCancellationRequested; i++)
            {
                await stream.WriteAsync(chunk, stop);
                await Task.Delay(200, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }

        client.Close();
        await reader;
    }

    private Task SignInAsync(string path) => _browser.SignInAsync(path);

    private Task Screenshot(string name) => _browser.ScreenshotAsync(name);
}
