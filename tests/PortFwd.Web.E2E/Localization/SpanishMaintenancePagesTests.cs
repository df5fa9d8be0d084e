using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Localization;

/// <summary>
/// A Spanish browser goes through the Blocklist, Import, Log and System pages: each speaks Spanish, live controls
/// included (a block made on the page is announced in Spanish, and the Log names it in Spanish).
/// </summary>
public sealed class SpanishMaintenancePagesTests(ChromiumFixture chromium) : PanelPageTest(chromium, locale: "es-ES")
{
    [Fact]
    public async Task Blocklist_Import_Log_and_System_are_in_Spanish()
    {
        await Browser.SignInAsync("/blocklist");

        // Blocklist: heading, the form, and a block made here.
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Lista de bloqueo");
        await Expect(Page.Locator("#no-blocklist")).ToContainTextAsync("No hay nada bloqueado.");
        await Page.Locator("#blocklist-form").GetByLabel("Dirección o red").FillAsync("203.0.113.50");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Bloquear", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("203.0.113.50 bloqueada.")).ToBeVisibleAsync();
        var row = Page.Locator("#blocklist-table tbody tr", new() { HasText = "203.0.113.50" });
        await Expect(row.Locator(".blocklist-expires")).ToHaveTextAsync("nunca");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Desbloquear 203.0.113.50" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync("spanish-blocklist");

        // Import: heading and its buttons.
        await OpenFromMenuAsync("Importar", "/import");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Importar reglas");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Vista previa" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Elegir un archivo" })).ToBeVisibleAsync();

        // Log: the block made above, named in Spanish, its stored name kept alongside.
        await OpenFromMenuAsync("Registro", "/log");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Registro");
        var blocked = Page.Locator("td.log-action[data-action='blocklist.add']");
        await Expect(blocked).ToHaveTextAsync("Dirección bloqueada");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Actualizar" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync("spanish-log");

        // System, with backup and restore.
        await OpenFromMenuAsync("Sistema", "/system");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Sistema");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Descargar copia de seguridad" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Copia de seguridad y restauración" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync("spanish-system");
        Assert.Empty(Browser.ConsoleErrors);
    }

    private async Task OpenFromMenuAsync(string link, string path)
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        await Browser.WaitForCircuitAsync();
    }
}
