using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E;

/// <summary>A fresh browser context on a running panel: signs in as a person would (in the browser's language) and collects console errors.</summary>
internal sealed class PanelBrowser : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _baseUrl;
    private readonly SignInWords _signIn;
    private readonly List<string> _consoleErrors = [];

    private PanelBrowser(IBrowserContext context, IPage page, string baseUrl, SignInWords signIn)
    {
        _context = context;
        _baseUrl = baseUrl;
        _signIn = signIn;
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
        var signIn = locale?.StartsWith("es", StringComparison.Ordinal) == true ? SignInWords.Spanish : SignInWords.English;
        return new PanelBrowser(context, await context.NewPageAsync(), baseUrl, signIn);
    }

    /// <summary>
    /// Opens <paramref name="path"/>, is sent to the login page, signs in as admin and waits for the live circuit. The
    /// login page is read in the browser's language.
    /// </summary>
    public async Task SignInAsync(string path, string password = PanelServer.AdminPassword, Func<Task>? onLoginPage = null)
    {
        await Page.GotoAsync(_baseUrl + path);
        await Expect(Page).ToHaveURLAsync(new Regex("/login"));
        if (onLoginPage is not null)
        {
            await onLoginPage();
        }

        await Page.GetByLabel(_signIn.Username).FillAsync("admin");
        await Page.GetByLabel(_signIn.Password).FillAsync(password);
        var circuit = Page.WaitForWebSocketAsync(new() { Predicate = ws => ws.Url.Contains("/_blazor", StringComparison.Ordinal) });
        await Page.GetByRole(AriaRole.Button, new() { Name = _signIn.Button }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        await circuit;
        await WaitForCircuitAsync();
    }

    /// <summary>Opens <paramref name="path"/> on the panel (signed in already) and waits for the live circuit.</summary>
    public async Task GoToAsync(string path)
    {
        await Page.GotoAsync(_baseUrl + path);
        await WaitForCircuitAsync();
    }

    /// <summary>Waits until the page renders on the live circuit (its controls answer from here on).</summary>
    public Task WaitForCircuitAsync() => Expect(Page.Locator("#app-state")).ToHaveAttributeAsync("data-interactive", "true");

    /// <summary>Saves a full-page screenshot into the artifacts folder (E2E_ARTIFACTS).</summary>
    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ArtifactsDirectory, name + ".png"), FullPage = true });

    public ValueTask DisposeAsync() => _context.DisposeAsync();

    /// <summary>The login page's labels and button in one of the panel's languages.</summary>
    private sealed record SignInWords(string Username, string Password, string Button)
    {
        public static SignInWords English { get; } = new("Username", "Password", "Sign in");

        public static SignInWords Spanish { get; } = new("Usuario", "Contraseña", "Iniciar sesión");
    }
}
