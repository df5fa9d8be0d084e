using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Localization;

/// <summary>
/// The Blocklist, Import, Log and System pages (backup and restore included) as a Spanish browser first receives them
/// from the real panel: headings, labels, table headers and buttons in Spanish, and none of their English left.
/// </summary>
public sealed class SpanishMaintenancePagesTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IDocument> OpenInSpanishAsync(string path)
    {
        using var browser = panel.Factory.BrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-ES");
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);
        using var response = await browser.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync(Ct);
        Assert.Equal("es", page.DocumentElement.GetAttribute("lang"));
        return page;
    }

    private static string[] Texts(IDocument page, string selector) => [.. page.QuerySelectorAll(selector).Select(e => e.TextContent.Trim())];

    [Fact]
    public async Task The_blocklist_page_and_its_entries_speak_Spanish()
    {
        using (var added = await panel.Api.PostJsonAsync("/api/blocklist", new JsonObject { ["address"] = "203.0.113.77", ["note"] = "escáner" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var page = await OpenInSpanishAsync("/blocklist");

        Assert.Equal("Lista de bloqueo", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Lista de bloqueo · PortFwd", page.Title);
        Assert.Equal("Bloquear", page.QuerySelector("#blocklist-add")!.TextContent.Trim());
        Assert.Equal(["Dirección", "Nota", "Caduca", "Rechazados", "Añadida", "Acciones"], Texts(page, "#blocklist-table thead th"));
        Assert.Contains("Dirección o red", Texts(page, "#blocklist-form label"));
        var row = page.QuerySelectorAll("#blocklist-table tbody tr").Single(r => r.TextContent.Contains("203.0.113.77", StringComparison.Ordinal));
        Assert.Equal("nunca", row.QuerySelector(".blocklist-expires")!.TextContent.Trim());
        Assert.NotNull(row.QuerySelector("button[aria-label='Desbloquear 203.0.113.77'][title='Desbloquear']"));
        Assert.Empty(SpanishUi.EnglishLeftIn(page.DocumentElement.OuterHtml, "Blocklist"));
    }

    [Fact]
    public async Task The_import_page_speaks_Spanish()
    {
        var page = await OpenInSpanishAsync("/import");

        Assert.Equal("Importar reglas", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Importar · PortFwd", page.Title);
        Assert.Equal(["Elegir un archivo", "Vista previa", "Importar"], Texts(page, "#import-file, #import-preview, #import-apply"));
        Assert.Contains("Texto de configuración", Texts(page, "#import-form label"));
        Assert.Contains("Formato", Texts(page, "#import-form label"));
        Assert.Empty(SpanishUi.EnglishLeftIn(page.DocumentElement.OuterHtml, "Import"));
    }

    [Fact]
    public async Task The_log_page_names_the_actions_filters_and_columns_in_Spanish_while_the_entry_keeps_its_English_name()
    {
        var page = await OpenInSpanishAsync("/log");

        Assert.Equal("Registro", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(["Hora", "Quién", "Desde", "Acción", "Objeto", ""], Texts(page, "#log-table thead th"));
        Assert.Equal(["Qué", "Quién", "Cuándo"], Texts(page, "#log-filters label"));
        Assert.Equal("Actualizar", page.QuerySelector("#log-refresh")!.TextContent.Trim());
        // The sign-in this test made: shown in Spanish, stored (and named to the API) in English.
        var signIn = page.QuerySelectorAll("td.log-action").First(td => td.GetAttribute("data-action") == "signin.success");
        Assert.Equal("Sesión iniciada", signIn.TextContent.Trim());
        Assert.Equal("signin.success", signIn.GetAttribute("title"));
        // Not the single words "system" and "panel": the first entry's actor is the stored name "system", and "panel" is
        // Spanish too ("Mostrar el panel en…").
        Assert.Empty(SpanishUi.EnglishLeftIn(page.DocumentElement.OuterHtml,
            [.. ResxFile.Read("Ui.resx").Keys.Where(k => k.StartsWith("Audit.", StringComparison.Ordinal) && k is not ("Audit.Via.system" or "Audit.Via.panel"))]));
    }

    [Fact]
    public async Task The_system_page_and_its_backup_section_speak_Spanish()
    {
        var page = await OpenInSpanishAsync("/system");

        Assert.Equal("Sistema", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(["Versión", "Dirección del panel", "Carpeta de datos", "Base de datos", "Cliente del router", "Entorno de ejecución", "En marcha desde", "Interfaz API"],
            Texts(page, ".system-table th"));
        Assert.Equal("Referencia de la API", page.QuerySelector(".system-table a")!.TextContent.Trim());
        Assert.Equal("Copia de seguridad y restauración", page.QuerySelector("h2")!.TextContent.Trim());
        Assert.Equal(["Descargar copia de seguridad", "Elegir una copia de seguridad", "Vista previa", "Restaurar"],
            Texts(page, "#backup-download, #restore-file, #restore-preview, #restore-confirm"));
        Assert.Contains("Frase de contraseña de la copia", Texts(page, "#restore-form label"));
        Assert.Empty(SpanishUi.EnglishLeftIn(page.DocumentElement.OuterHtml, "System", "Backup"));
    }

    [Fact]
    public async Task In_English_the_log_shows_the_actions_in_words_and_keeps_the_stored_name_alongside()
    {
        using var browser = panel.Factory.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);
        using var response = await browser.GetAsync("/log", Ct);
        var page = await response.ReadDocumentAsync(Ct);

        Assert.Equal("Log", page.QuerySelector("h1")!.TextContent.Trim());
        var entry = page.QuerySelectorAll("td.log-action").First(td => td.GetAttribute("data-action") == "signin.success");
        Assert.Equal("Signed in", entry.TextContent.Trim());
    }
}
