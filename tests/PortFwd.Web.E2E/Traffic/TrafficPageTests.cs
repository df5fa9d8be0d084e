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
    private readonly List<string> _consoleErrors = [];
    private IBrowserContext _context = default!;
    private IPage _page = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        _context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add(message.Text);
            }
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_traffic_page_of_a_rule_shows_its_chart_and_totals_changing_live_while_bytes_flow()
    {
        await using var echo = new EchoServer("live");
        var port = Net.FreePort();
        using var api = await PanelApi.SignInAsync(_server.BaseUrl, PanelServer.AdminPassword, Ct);
        var rule = await api.CreateAsync(new { name = "Live stream", protocol = "tcp", externalPort = port, internalHost = "127.0.0.1", internalPort = echo.Port }, Ct);
        await api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        await SignInAsync("/port-forwarding");
        // From the rules table to the rule's traffic page.
        await _page.Locator("#rules-table tbody tr", new() { HasText = "Live stream" }).Locator(".rule-traffic-link").ClickAsync();
        await Expect(_page).ToHaveURLAsync(new Regex($"/traffic/{rule}$"));
        await Expect(_page.Locator("#traffic-rule-name")).ToHaveTextAsync("Live stream");
        await Expect(_page.Locator("#traffic-chart svg").First).ToBeVisibleAsync();
        await Expect(_page.Locator("#traffic-chart")).ToHaveAttributeAsync("data-points", "300");
        await Expect(_page.Locator("#total-in")).ToHaveTextAsync("0 B");

        // Bytes flow for a while (bounded), and the page follows without a reload.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(30));
        var pump = PumpAsync(port, stop.Token);
        try
        {
            await Expect(_page.Locator("#total-in")).Not.ToHaveTextAsync("0 B", new() { Timeout = 5000 });
            var first = await _page.Locator("#total-in").TextContentAsync();
            var firstSum = await _page.Locator("#traffic-chart").GetAttributeAsync("data-sum");
            await Expect(_page.Locator("#total-in")).Not.ToHaveTextAsync(first!, new() { Timeout = 5000 });
            await Expect(_page.Locator("#traffic-chart")).Not.ToHaveAttributeAsync("data-sum", firstSum!, new() { Timeout = 5000 });
            await Expect(_page.Locator("#traffic-chart path.mud-chart-line").First).ToBeVisibleAsync();
            await Expect(_page.Locator("#rate-in")).Not.ToHaveTextAsync("0 B/s", new() { Timeout = 5000 });
            await Expect(_page.Locator("#active")).ToHaveTextAsync("1");
            await Screenshot("traffic-rule-live");

            // Bits per second on request.
            await _page.ClickAsync("#units-bits");
            await Expect(_page.Locator("#rate-in")).ToHaveTextAsync(new Regex("bit/s$"), new() { Timeout = 5000 });
            await Expect(_page.Locator("#traffic-chart")).ToHaveAttributeAsync("data-unit", new Regex("bit/s$"));

            // The hour range is per minute and already holds the bytes of this minute.
            await _page.ClickAsync("#range-1h");
            await Expect(_page.Locator("#traffic-chart")).ToHaveAttributeAsync("data-points", "60");
            await Expect(_page.Locator("#total-in")).Not.ToHaveTextAsync("0 B");
            await Screenshot("traffic-rule-hour");

            // The Traffic section and the dashboard list the rule with its rate.
            await _page.ClickAsync("a[href='traffic']");
            await Expect(_page).ToHaveURLAsync(new Regex("/traffic$"));
            var row = _page.Locator("#traffic-rules tr[data-rule-id]", new() { HasText = "Live stream" });
            await Expect(row.Locator(".rate-in")).Not.ToHaveTextAsync("0 B/s", new() { Timeout = 5000 });
            await Expect(row.Locator("svg.traffic-sparkline")).ToBeVisibleAsync();
            await _page.ClickAsync("a[href='']");
            await Expect(_page.Locator("#dashboard-rules tr[data-rule-id]").First).ToContainTextAsync("Live stream");
            await Expect(_page.Locator("#throughput-now")).Not.ToHaveTextAsync("0 B/s", new() { Timeout = 5000 });
            await Expect(_page.Locator("#rules-active")).ToHaveTextAsync("1");
            await Screenshot("dashboard");
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }

        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task An_http_rule_shows_requests_per_second_and_status_classes()
    {
        await using var backend = await HttpStatusBackend.StartAsync();
        var port = Net.FreePort();
        using var api = await PanelApi.SignInAsync(_server.BaseUrl, PanelServer.AdminPassword, Ct);
        var rule = await api.CreateAsync(new { name = "Web site", protocol = "http", externalPort = port, internalHost = "127.0.0.1", internalPort = backend.Port }, Ct);
        await api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        await SignInAsync($"/traffic/{rule}");
        await Expect(_page.Locator("#requests-chart")).ToHaveAttributeAsync("data-unit", "requests/s");
        await Expect(_page.Locator("#total-2xx")).ToHaveTextAsync("0");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var code in new[] { 200, 200, 200, 404, 502 })
        {
            using var answer = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/status/{code}"), Ct);
        }

        await Expect(_page.Locator("#total-requests")).ToHaveTextAsync("5", new() { Timeout = 5000 });
        await Expect(_page.Locator("#total-2xx")).ToHaveTextAsync("3");
        await Expect(_page.Locator("#total-4xx")).ToHaveTextAsync("1");
        await Expect(_page.Locator("#total-5xx")).ToHaveTextAsync("1");
        await Expect(_page.Locator("#requests-chart")).ToHaveAttributeAsync("data-sum", "5");
        await Screenshot("traffic-http-rule");
        Assert.Empty(_consoleErrors);
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

    private async Task SignInAsync(string path)
    {
        await _page.GotoAsync(_server.BaseUrl + path);
        await Expect(_page).ToHaveURLAsync(new Regex("/login"));
        await _page.GetByLabel("Username").FillAsync("admin");
        await _page.GetByLabel("Password").FillAsync(PanelServer.AdminPassword);
        var circuit = _page.WaitForWebSocketAsync(new() { Predicate = ws => ws.Url.Contains("/_blazor", StringComparison.Ordinal) });
        await _page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await circuit;
        await Expect(_page.Locator("#app-state")).ToHaveAttributeAsync("data-interactive", "true");
    }

    private Task Screenshot(string name) =>
        _page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ArtifactsDirectory, name + ".png"), FullPage = true });
}
