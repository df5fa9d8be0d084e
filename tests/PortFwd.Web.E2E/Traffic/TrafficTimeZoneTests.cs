using System.Globalization;
using Microsoft.Playwright;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Traffic;

/// <summary>Times on the traffic page in the browser's time zone, and its buttons inert until the page is live.</summary>
public sealed class TrafficTimeZoneTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    // Colombia keeps UTC-5 all year: no summer time to make the test depend on the date.
    private const string Bogota = "America/Bogota";
    private static readonly TimeSpan BogotaOffset = TimeSpan.FromHours(-5);

    private readonly PanelServer _server = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _server.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_traffic_graph_labels_its_times_in_the_browsers_time_zone()
    {
        var rule = await CreateRuleAsync("Clock");
        await using var browser = await PanelBrowser.OpenAsync(chromium, _server.BaseUrl, timeZoneId: Bogota);

        await browser.SignInAsync($"/traffic/{rule}");
        await Expect(browser.Page.Locator("#traffic-chart")).ToHaveAttributeAsync("data-time-zone", Bogota);

        // The newest label the chart draws is under a minute old; read as a time of day it is UTC-5, not UTC.
        var labels = await browser.Page.Locator("#traffic-chart svg text").AllTextContentsAsync();
        var utcNow = DateTimeOffset.UtcNow;
        var newest = labels.Select(l => TimeOnly.TryParseExact(l.Trim(), "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : (TimeOnly?)null)
            .LastOrDefault(t => t is not null);
        Assert.True(newest is not null, $"no time on the axis among: {string.Join(" | ", labels)}");
        var behindBogotaNow = TimeOfDayDistance(TimeOnly.FromTimeSpan(utcNow.ToOffset(BogotaOffset).TimeOfDay), newest.Value);
        Assert.InRange(behindBogotaNow, TimeSpan.Zero, TimeSpan.FromMinutes(2));
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task The_prerendered_traffic_page_shows_its_range_and_unit_buttons_disabled()
    {
        var rule = await CreateRuleAsync("Prerendered");
        await using var browser = await PanelBrowser.OpenAsync(chromium, _server.BaseUrl);
        await browser.SignInAsync("/traffic");

        // Without Blazor's script the circuit never connects: the page stays as the server prerendered it.
        // A browser context of its own (signed in with the same cookie), so blocking its scripts cannot touch the live page's.
        await using var stalled = await chromium.Browser.NewContextAsync();
        await stalled.AddCookiesAsync((await browser.Page.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        var prerendered = await stalled.NewPageAsync();
        await prerendered.RouteAsync("**/_framework/**", route => route.AbortAsync());
        await prerendered.GotoAsync($"{_server.BaseUrl}/traffic/{rule}");
        foreach (var button in new[] { "#range-5m", "#range-1h", "#range-30d", "#units-bytes", "#units-bits" })
        {
            await Expect(prerendered.Locator(button)).ToBeDisabledAsync();
        }

        // Once live, they work.
        await browser.GoToAsync($"/traffic/{rule}");
        await browser.Page.ClickAsync("#range-1h");
        await Expect(browser.Page.Locator("#traffic-chart")).ToHaveAttributeAsync("data-points", "60");
    }

    /// <summary>How far <paramref name="earlier"/> is behind <paramref name="now"/> on a 24-hour clock.</summary>
    private static TimeSpan TimeOfDayDistance(TimeOnly now, TimeOnly earlier)
    {
        var distance = now.ToTimeSpan() - earlier.ToTimeSpan();
        return distance < TimeSpan.FromHours(-12) ? distance + TimeSpan.FromDays(1) : distance;
    }

    private async Task<int> CreateRuleAsync(string name)
    {
        using var api = await PanelApi.SignInAsync(_server.BaseUrl, PanelServer.AdminPassword, Ct);
        var rule = await api.CreateAsync(new { name, protocol = "tcp", externalPort = LoopbackPorts.Free(), internalHost = "127.0.0.1", internalPort = LoopbackPorts.Free() }, Ct);
        await api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);
        return rule;
    }
}
