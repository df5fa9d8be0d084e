using System.Net;
using System.Net.Sockets;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Traffic;

/// <summary>TCP connections the relay closes for going quiet, counted per rule: the traffic API, the longer ranges, /metrics and the rule's traffic page.</summary>
public sealed class IdleClosedTrafficTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly PanelServer _server = new(new Dictionary<string, string> { ["PortFwd:Relay:TcpIdleTimeoutSeconds"] = "1" });
    private PanelApi _api = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        _api = await PanelApi.SignInAsync(_server.BaseUrl, PanelServer.AdminPassword, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Connections_closed_for_idling_count_in_the_rules_totals_metrics_and_traffic_page()
    {
        await using var echo = new EchoServer();
        var port = LoopbackPorts.Free();
        var rule = await _api.CreateAsync(new { name = "Quiet TCP", protocol = "tcp", externalPort = port, internalHost = "127.0.0.1", internalPort = echo.Port }, Ct);
        await _api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        for (var i = 0; i < 2; i++)
        {
            await IdleUntilClosedAsync(port);
        }

        var traffic = await TrafficPeers.WaitForTrafficAsync(_api.Http, rule, "5m",
            t => TrafficPeers.Total(t, "idleClosed") == 2, TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(2, TrafficPeers.Total(traffic, "idleClosed"));
        Assert.Equal(2, TrafficPeers.Total(traffic, "connections"));

        var hour = await TrafficPeers.WaitForTrafficAsync(_api.Http, rule, "1h",
            t => TrafficPeers.Total(t, "idleClosed") == 2, TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(2, TrafficPeers.Total(hour, "idleClosed"));

        using var response = await _api.Http.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        var metrics = TrafficPeers.ParseMetrics(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, metrics[("portfwd_rule_tcp_idle_closed_total", rule.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        await using var browser = await PanelBrowser.OpenAsync(chromium, _server.BaseUrl);
        await browser.SignInAsync($"/traffic/{rule}");
        await Expect(browser.Page.Locator("#total-idle-closed")).ToHaveTextAsync("2");
        await Expect(browser.Page.GetByText("Closed while idle", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(browser.Page.Locator(".traffic-figure", new() { Has = browser.Page.Locator("#total-idle-closed") }))
            .ToHaveAttributeAsync("title", "TCP connections PortFwd closed because nothing moved either way for 1 s (PortFwd:Relay:TcpIdleTimeoutSeconds).");
        Assert.Empty(browser.ConsoleErrors);
    }

    /// <summary>One connection through the rule: a byte there and back, then quiet until the relay ends it (a FIN: the read ends).</summary>
    private static async Task IdleUntilClosedAsync(int port)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("hi"u8.ToArray(), timeout.Token);
        var buffer = new byte[16];
        await stream.ReadExactlyAsync(buffer.AsMemory(0, 2), timeout.Token);

        Assert.Equal(0, await stream.ReadAsync(buffer, timeout.Token));
    }
}
