using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Localization;

/// <summary>A browser set to Spanish gets the router, settings, Dynamic DNS and certificates pages in Spanish, live on the circuit.</summary>
public sealed class SpanishSettingsPagesTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly PanelServer _server = new();
    private PanelBrowser _browser = default!;

    private IPage Page => _browser.Page;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        _browser = await PanelBrowser.OpenAsync(chromium, _server.BaseUrl, locale: "es-ES");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Router_settings_Dynamic_DNS_and_certificates_pages_speak_Spanish()
    {
        await SignInAsync("/router");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("UPnP / Router");
        await Expect(Page.Locator("#router-search")).ToHaveTextAsync("Buscar de nuevo");
        await Expect(Page.Locator("#router-refresh")).ToHaveTextAsync("Actualizar");
        await Expect(Page.Locator("#router-info")).ToContainTextAsync("Última comprobación");

        await OpenAsync("/settings");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Ajustes");
        await Expect(Page.Locator("#settings-save")).ToHaveTextAsync("Guardar");
        await Expect(Page.GetByLabel("Resincronización de reglas (segundos)", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(Page.Locator("h2", new() { HasText = "Cliente del router (UPnP IGD, NAT-PMP, PCP)" })).ToBeVisibleAsync();
        // A number that is not one: the page's own check answers in Spanish under the field.
        await Page.GetByLabel("Resincronización de reglas (segundos)", new() { Exact = true }).FillAsync("treinta");
        await Page.Locator("#settings-save").ClickAsync();
        await Expect(Page.Locator("#setting-row-resyncSeconds")).ToContainTextAsync("«Resincronización de reglas (segundos)» debe ser un número entero.");
        await _browser.ScreenshotAsync("spanish-settings");

        await OpenAsync("/ddns");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("DNS dinámico");
        await Expect(Page.Locator("#no-ddns")).ToContainTextAsync("Aún no hay nombres.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Añadir nombre" }).ClickAsync();
        await Expect(Page.Locator("#ddns-form")).ToContainTextAsync("Añadir un nombre");
        await Expect(Page.GetByLabel("Nombre de host", new() { Exact = true })).ToBeVisibleAsync();
        await _browser.ScreenshotAsync("spanish-ddns");

        await OpenAsync("/certificates");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Certificados");
        await Expect(Page.Locator("#no-certificates")).ToContainTextAsync("Aún no hay certificados.");
        await Page.Locator("#upload-certificate").ClickAsync();
        var dialog = Page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Subir un certificado");
        await Expect(Page.GetByLabel("Texto PEM", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(dialog.Locator("#certificate-upload")).ToHaveTextAsync("Subir");
        await _browser.ScreenshotAsync("spanish-certificates");
        Assert.Empty(_browser.ConsoleErrors);
    }

    private async Task SignInAsync(string path)
    {
        await Page.GotoAsync(_server.BaseUrl + path);
        await Expect(Page).ToHaveURLAsync(new Regex("/login"));
        await Page.GetByLabel("Usuario").FillAsync("admin");
        await Page.GetByLabel("Contraseña").FillAsync(PanelServer.AdminPassword);
        var circuit = Page.WaitForWebSocketAsync(new() { Predicate = ws => ws.Url.Contains("/_blazor", StringComparison.Ordinal) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Iniciar sesión" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        await circuit;
        await WaitForCircuitAsync();
    }

    private async Task OpenAsync(string path)
    {
        await Page.GotoAsync(_server.BaseUrl + path);
        await WaitForCircuitAsync();
    }

    private Task WaitForCircuitAsync() => Expect(Page.Locator("#app-state")).ToHaveAttributeAsync("data-interactive", "true");
}
