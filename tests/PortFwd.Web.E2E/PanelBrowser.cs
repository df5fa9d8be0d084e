using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E;

/// <summary>A fresh browser context on a running panel: signs in as a person would and collects console errors.</summary>
internal sealed class PanelBrowser : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _baseUrl;
    private readonly List<string> _consoleErrors = [];

    private PanelBrowser(IBrowserContext context, IPage page, string baseUrl)
    {
        _context = context;
        _baseUrl = baseUrl;
        Page = page;
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add(message.Text);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Errors the page printed to the browser console.</summary>
    public IReadOnlyList<string> ConsoleErrors => _consoleErrors;

    /// <param name="viewport">The window size; a laptop's (1366×900) unless given.</param>
    /// <param name="timeZoneId">The browser's time zone (an IANA id such as "America/Bogota"); the machine's when null.</param>
    /// <param name="locale">The browser's language (its Accept-Language), such as "es-ES"; Playwright's en-US when null.</param>
    public static async Task<PanelBrowser> OpenAsync(ChromiumFixture chromium, string baseUrl, ViewportSize? viewport = null, string? timeZoneId = null, string? locale = null)
    {
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = viewport ?? new() { Width = 1366, Height = 900 }, TimezoneId = timeZoneId, Locale = locale });
        return new PanelBrowser(context, await context.NewPageAsync(), baseUrl);
    }

    /// <summary>Opens <paramref name="path"/>, is sent to the login page, signs in as admin and waits for the live circuit.</summary>
    public async Task SignInAsync(string path, string password = PanelServer.AdminPassword, Func<Task>? onLoginPage = null)
    {
        await Page.GotoAsync(_baseUrl + path);
        await Expect(Page).ToHaveURLAsync(new Regex("/login"));
        if (onLoginPage is not null)
        {
            await onLoginPage();
        }

        await Page.GetByLabel("Username").FillAsync("admin");
        await Page.GetByLabel("Password").FillAsync(password);
        var circuit = Page.WaitForWebSocketAsync(new() { Predicate = ws => ws.Url.Contains("/_blazor", StringComparison.Ordinal) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        await circuit;
        await Expect(Page.Locator("#app-state")).ToHaveAttributeAsync("data-interactive", "true");
    }

    /// <summary>Saves a full-page screenshot into the artifacts folder (E2E_ARTIFACTS).</summary>
    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ArtifactsDirectory, name + ".png"), FullPage = true });

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
