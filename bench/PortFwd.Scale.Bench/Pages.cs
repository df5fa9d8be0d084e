using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PortFwd.Scale.Bench;

/// <summary>The panel's pages in Debian's Chromium (headless, loopback only): how long until a table is on screen and live.</summary>
internal sealed partial class Pages : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly string _baseUrl;

    private Pages(IPlaywright playwright, IBrowser browser, IPage page, string baseUrl)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
        _baseUrl = baseUrl;
    }

    public static async Task<Pages> SignInAsync(string baseUrl)
    {
        var pages = await LaunchAsync(baseUrl);
        await pages._page.GotoAsync(baseUrl + "/system");
        await pages._page.GetByLabel("Username").FillAsync("admin");
        await pages._page.GetByLabel("Password").FillAsync(Panel.Password);
        await pages._page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await pages._page.WaitForURLAsync(SystemPage());
        return pages;
    }

    /// <summary>A browser with one blank page and nobody signed in (the stack floor's page needs no sign-in).</summary>
    public static async Task<Pages> LaunchAsync(string baseUrl)
    {
        var executable = new[] { "/usr/lib/chromium/chromium", "/usr/bin/chromium" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed (apt-get install -y chromium).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        return new Pages(playwright, browser, page, baseUrl);
    }

    /// <summary>
    /// Opens <paramref name="path"/> and times: the first row of <paramref name="rows"/> on screen (prerendered), the
    /// circuit live, and <paramref name="expectedRows"/> rows rendered by the live page (not waited for when negative).
    /// </summary>
    public async Task<(double FirstRow, double Live, double AllRows)> LoadAsync(string path, string rows, int expectedRows)
    {
        var watch = Stopwatch.StartNew();
        await _page.GotoAsync(_baseUrl + path, new() { WaitUntil = WaitUntilState.Commit });
        await _page.Locator(rows).First.WaitForAsync();
        var firstRow = watch.Elapsed.TotalMilliseconds;
        await _page.Locator("#app-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var live = watch.Elapsed.TotalMilliseconds;
        if (expectedRows >= 0)
        {
            await WaitForRowsAsync(rows, expectedRows);
        }

        return (firstRow, live, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>Types <paramref name="text"/> into the search box and times until the table shows <paramref name="expectedRows"/> rows.</summary>
    public async Task<double> FilterAsync(string box, string text, string rows, int expectedRows)
    {
        var watch = Stopwatch.StartNew();
        await _page.Locator(box).FillAsync(text);
        await WaitForRowsAsync(rows, expectedRows);
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Opens <paramref name="path"/> and waits until its circuit is live (the page then stays open, following its feeds).</summary>
    public async Task OpenAsync(string path)
    {
        await _page.GotoAsync(_baseUrl + path, new() { WaitUntil = WaitUntilState.Commit });
        await _page.Locator("#app-state[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    public async Task<bool> HasAsync(string selector) => await _page.Locator(selector).CountAsync() > 0;

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private Task WaitForRowsAsync(string rows, int expected) =>
        _page.WaitForFunctionAsync("([selector, n]) => document.querySelectorAll(selector).length === n", new object[] { rows, expected },
            new() { PollingInterval = 5 });

    [GeneratedRegex("/system$")]
    private static partial Regex SystemPage();
}
