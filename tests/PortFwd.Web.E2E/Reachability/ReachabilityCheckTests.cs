using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Reachability;

/// <summary>
/// A person presses "Check" on a rule and watches the steps answer. The rule forwards to a TCP echo server on 127.0.0.1,
/// and the outside probe is a fake on 127.0.0.1 that really tries to connect to the port it is asked about, the way
/// an echoip service connects back from the internet. The router client is off, so the router step says what to set up
/// by hand.
/// </summary>
public sealed class ReachabilityCheckTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    // A whole check may take 10 s; here every link is on loopback and answers at once, so this is only a bound.
    private static readonly LocatorAssertionsToHaveAttributeOptions CheckEnds = new() { Timeout = 15_000 };

    private HttpBackend _probe = default!;
    private PanelServer _server = default!;
    private PanelBrowser _browser = default!;

    private IPage Page => _browser.Page;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _probe = await HttpBackend.StartAsync(AnswerLikeEchoIpAsync);
        _server = new PanelServer(new Dictionary<string, string>
        {
            ["PortFwd:Reachability:ProbeUrl"] = $"http://127.0.0.1:{_probe.Port}/port/{{port}}",
        });
        _server.Start();
        _browser = await PanelBrowser.OpenAsync(chromium, _server.BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.DisposeAsync();
        await _probe.DisposeAsync();
    }

    [Fact]
    public async Task Check_shows_each_step_as_it_answers_then_the_verdict_on_the_row_and_a_stopped_service_fails_the_next_check()
    {
        // Stopped halfway through; disposed at the end when the test failed before.
        EchoServer? echo = new("game");
        try
        {
            await CheckAsync(echo, () => echo = null);
        }
        finally
        {
            if (echo is not null)
            {
                await echo.DisposeAsync();
            }
        }
    }

    private async Task CheckAsync(EchoServer echo, Action stopped)
    {
        using var api = await PanelApi.SignInAsync(_server.BaseUrl, PanelServer.AdminPassword, Ct);
        var rule = await api.CreateAsync(new { name = "Game server", protocol = "tcp", externalPort = LoopbackPorts.Free(), internalHost = "127.0.0.1", internalPort = echo.Port }, Ct);
        await api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        await _browser.SignInAsync("/port-forwarding");
        var row = Page.Locator("#rules-table tbody tr", new() { HasText = "Game server" });
        var badge = row.GetByTestId($"reach-badge-{rule}");
        await Expect(badge).ToHaveCountAsync(0);

        await row.GetByRole(AriaRole.Button, new() { Name = "Check whether the internet can reach Game server" }).ClickAsync();
        var dialog = Page.Locator(".mud-dialog");
        await Expect(dialog.Locator(".mud-dialog-title")).ToHaveTextAsync("Can the internet reach Game server?");
        var steps = dialog.Locator(".reach-steps");
        await Expect(steps).ToHaveAttributeAsync("data-finished", "true", CheckEnds);
        await Expect(Step(steps, "service")).ToHaveAttributeAsync("data-status", "pass");
        await Expect(Step(steps, "relay")).ToHaveAttributeAsync("data-status", "pass");
        await Expect(Step(steps, "router")).ToHaveAttributeAsync("data-status", "warn");
        await Expect(Step(steps, "router").Locator(".reach-step-fix")).ToContainTextAsync("What to do:");
        await Expect(Step(steps, "router").Locator(".reach-step-fix")).ToContainTextAsync(new Regex("forward TCP", RegexOptions.IgnoreCase));
        await Expect(Step(steps, "internet")).ToHaveAttributeAsync("data-status", "pass");
        await Expect(Step(steps, "internet")).ToContainTextAsync("From the internet");
        await Expect(dialog.GetByTestId($"reach-badge-{rule}")).ToHaveAttributeAsync("data-verdict", "reachable");
        await _browser.ScreenshotAsync("reachability-check");

        // The row keeps the verdict after the dialog closes.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).Last.ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(badge).ToHaveAttributeAsync("data-verdict", "reachable");
        await Expect(badge).ToContainTextAsync("Reachable from the internet");
        await _browser.ScreenshotAsync("reachability-badge");

        // The service stops; the badge opens the same dialog with the last check, and checking again finds the break.
        await echo.DisposeAsync();
        stopped();
        Assert.True(await Net.WaitUntilRefusedAsync(echo.Port, TimeSpan.FromSeconds(5), Ct), "the echo server must be gone");
        await badge.ClickAsync();
        await Expect(Step(steps, "service")).ToHaveAttributeAsync("data-status", "pass");
        var again = dialog.GetByRole(AriaRole.Button, new() { Name = "Check again" });
        await again.ClickAsync();
        await Expect(Step(steps, "service")).ToHaveAttributeAsync("data-status", "fail", CheckEnds);
        await Expect(Step(steps, "service").Locator(".reach-step-fix")).ToContainTextAsync("Start the service on 127.0.0.1");
        await Expect(steps).ToHaveAttributeAsync("data-finished", "true", CheckEnds);
        await Expect(again).ToBeEnabledAsync();
        await Expect(badge).ToHaveAttributeAsync("data-verdict", "broken");
        await Expect(badge).ToContainTextAsync("Service not answering");

        // The rule's traffic page shows the last check in a card and checks from there too.
        await _browser.GoToAsync($"/traffic/{rule}");
        var card = Page.Locator("#reach-card");
        await Expect(Step(card, "service")).ToHaveAttributeAsync("data-status", "fail");
        await using var back = new EchoServer("game", echo.Port);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Check whether the internet can reach Game server" }).ClickAsync();
        await Expect(Step(card, "service")).ToHaveAttributeAsync("data-status", "pass", CheckEnds);
        await Expect(card.Locator(".reach-steps")).ToHaveAttributeAsync("data-finished", "true", CheckEnds);
        await _browser.ScreenshotAsync("reachability-traffic-page");

        Assert.Empty(_browser.ConsoleErrors);
    }

    private static ILocator Step(ILocator within, string name) => within.Locator($"li.reach-step[data-step='{name}']");

    /// <summary>An echoip port test: tries a TCP connection to the port (on loopback, where the panel listens) and says whether it opened.</summary>
    private static async Task AnswerLikeEchoIpAsync(HttpContext context)
    {
        var match = Regex.Match(context.Request.Path.Value ?? "", "^/port/([0-9]{1,5})$");
        if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        bool reachable;
        using (var client = new TcpClient())
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            limit.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, limit.Token);
                reachable = true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                reachable = false;
            }
        }

        await context.Response.WriteAsJsonAsync(new { ip = "127.0.0.1", port, reachable });
    }
}
