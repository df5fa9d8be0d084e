using Microsoft.Playwright;

namespace PortFwd.Web.E2E;

/// <summary>A browser test on a fresh panel (the real app on 127.0.0.1, a fresh data directory) and a fresh browser context.</summary>
/// <param name="locale">The browser's language, such as "es-ES"; English when null.</param>
public abstract class PanelPageTest(ChromiumFixture chromium, ViewportSize? viewport = null, string? locale = null) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private protected PanelServer Server { get; } = new();

    private protected PanelBrowser Browser { get; private set; } = default!;

    private protected IPage Page => Browser.Page;

    public async ValueTask InitializeAsync()
    {
        Server.Start();
        Browser = await PanelBrowser.OpenAsync(chromium, Server.BaseUrl, viewport, locale: locale);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
