using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Localization;

/// <summary>A browser set to Spanish gets the panel in Spanish, rule form messages included; the header's switch changes the language and it stays.</summary>
public sealed class SpanishPanelTests(ChromiumFixture chromium) : PanelPageTest(chromium, locale: "es-ES")
{
    [Fact]
    public async Task A_Spanish_browser_signs_in_fixes_a_bad_port_in_Spanish_and_the_language_switch_is_remembered()
    {
        // The sign-in page, in the browser's language.
        await Browser.SignInAsync("/port-forwarding", onLoginPage: async () =>
        {
            await Expect(Page.Locator("h1")).ToHaveTextAsync("Iniciar sesión");
            await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        });
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Reenvío de puertos");

        // A range that ends below its start: the shared validator's message, in Spanish, under the field.
        var port = LoopbackPorts.Free();
        var (first, below) = (port.ToString(CultureInfo.InvariantCulture), (port - 1).ToString(CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Añadir regla" }).ClickAsync();
        var dialog = Page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Page.GetByLabel("Nombre", new() { Exact = true }).FillAsync("Servidor web");
        await Page.GetByLabel("Puerto externo", new() { Exact = true }).FillAsync(first);
        await Page.GetByLabel("Último puerto externo").FillAsync(below);
        await Page.GetByLabel("Host interno").FillAsync("192.168.1.20");
        await Page.GetByLabel("Puerto interno").FillAsync("80");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
        await Expect(dialog.GetByText($"El último puerto del rango ({below}) no puede ser menor que el primero ({first}).")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync("spanish-rule-form-error");

        // Fixed, it saves; the notice and the table speak Spanish too.
        await Page.GetByLabel("Último puerto externo").FillAsync("");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Page.GetByText("Regla «Servidor web» añadida.")).ToBeVisibleAsync();
        var row = Page.Locator("#rules-table tbody tr", new() { HasText = "Servidor web" });
        await Expect(row).ToContainTextAsync("192.168.1.20:80");
        await Expect(Page.Locator("#rules-table thead")).ToContainTextAsync("Puerto externo");

        // The switch in the header: English, and it stays English across a reload although the browser asks for Spanish.
        await SwitchAsync("en");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Port Forwarding");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Add rule" })).ToBeVisibleAsync();
        await Page.ReloadAsync();
        await Browser.WaitForCircuitAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Port Forwarding");
        await Expect(Page.Locator("#language-en")).ToHaveAttributeAsync("aria-pressed", "true");

        // And back to Spanish, also kept.
        await SwitchAsync("es");
        await Page.ReloadAsync();
        await Browser.WaitForCircuitAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Reenvío de puertos");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Reenvío de puertos" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync("spanish-port-forwarding");
        Assert.Empty(Browser.ConsoleErrors);
    }

    /// <summary>Clicks the header's language button; the page comes back on the same address, in that language.</summary>
    private async Task SwitchAsync(string language)
    {
        await Page.Locator($"#language-{language}").ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(Page).ToHaveURLAsync(new Regex("/port-forwarding$"));
        await Browser.WaitForCircuitAsync();
    }
}
