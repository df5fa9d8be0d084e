using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Localization;

/// <summary>A browser set to Spanish gets the router, settings, Dynamic DNS and certificates pages in Spanish, live on the circuit.</summary>
public sealed class SpanishSettingsPagesTests(ChromiumFixture chromium) : PanelPageTest(chromium, locale: "es-ES")
{
    [Fact]
    public async Task Router_settings_Dynamic_DNS_and_certificates_pages_speak_Spanish()
    {
        await Browser.SignInAsync("/router");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("UPnP / Router");
        await Expect(Page.Locator("#router-search")).ToHaveTextAsync("Buscar de nuevo");
        await Expect(Page.Locator("#router-refresh")).ToHaveTextAsync("Actualizar");
        await Expect(Page.Locator("#router-info")).ToContainTextAsync("Última comprobación");

        await Browser.GoToAsync("/settings");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Ajustes");
        await Expect(Page.Locator("#settings-save")).ToHaveTextAsync("Guardar");
        await Expect(Page.GetByLabel("Resincronización de reglas (segundos)", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(Page.Locator("h2", new() { HasText = "Cliente del router (UPnP IGD, NAT-PMP, PCP)" })).ToBeVisibleAsync();
        // A number that is not one: the page's own check answers in Spanish under the field.
        await Page.GetByLabel("Resincronización de reglas (segundos)", new() { Exact = true }).FillAsync("treinta");
        await Page.Locator("#settings-save").ClickAsync();
        await Expect(Page.Locator("#setting-row-resyncSeconds")).ToContainTextAsync("«Resincronización de reglas (segundos)» debe ser un número entero.");
        await Browser.ScreenshotAsync("spanish-settings");

        await Browser.GoToAsync("/ddns");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("DNS dinámico");
        await Expect(Page.Locator("#no-ddns")).ToContainTextAsync("Aún no hay nombres.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Añadir nombre" }).ClickAsync();
        await Expect(Page.Locator("#ddns-form")).ToContainTextAsync("Añadir un nombre");
        await Expect(Page.GetByLabel("Nombre de host", new() { Exact = true })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync("spanish-ddns");

        await Browser.GoToAsync("/certificates");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Certificados");
        await Expect(Page.Locator("#no-certificates")).ToContainTextAsync("Aún no hay certificados.");
        await Page.Locator("#upload-certificate").ClickAsync();
        var dialog = Page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Subir un certificado");
        await Expect(Page.GetByLabel("Texto PEM", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(dialog.Locator("#certificate-upload")).ToHaveTextAsync("Subir");
        await Browser.ScreenshotAsync("spanish-certificates");
        Assert.Empty(Browser.ConsoleErrors);
    }
}
