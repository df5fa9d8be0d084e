using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.Certificates;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.Certificates;

/// <summary>The Certificates page as a browser that asks for Spanish first receives it (server prerender, the whole app).</summary>
public sealed class SpanishCertificatePageTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_certificates_page_is_in_Spanish_with_its_expiry_sources_and_the_self_signed_warning()
    {
        using var root = TestCertificates.Authority("Spanish Page Root");
        using var soon = TestCertificates.Server(["pronto.pagina.test"], root, notAfter: DateTimeOffset.UtcNow.AddDays(10));
        using var upload = await panel.Api.PostAsJsonAsync("/api/certificates", new { pem = TestCertificates.Pem(soon, root) }, Ct);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var rule = await panel.Api.CreateRuleAsync(HttpsRules.Rule("LAN es", LoopbackPorts.Free(), 9, "selfSigned", ["lan.pagina.test"]), Ct);
        await panel.Api.WaitUntilActiveAsync(rule, Ct);
        using var browser = panel.Factory.BrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-ES");
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        using var response = await browser.GetAsync("/certificates", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync(Ct);
        Assert.Equal("Certificados", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Subir", page.QuerySelector("#upload-certificate")!.TextContent.Trim());
        Assert.Equal(["Nombres", "Origen", "Emisor", "Caduca", "Última renovación", "Reglas", "Acciones"],
            page.QuerySelectorAll("#certificates-table thead th").Select(th => th.TextContent.Trim()));
        Assert.Contains("ninguna (PortFwd:Acme:DirectoryUrl está vacío)", page.QuerySelector("#acme-directory")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Usar la CA de pruebas", page.QuerySelector("#acme-settings")!.TextContent, StringComparison.Ordinal);
        var rows = page.QuerySelectorAll("#certificates-table tbody tr").ToList();
        var uploaded = Assert.Single(rows, r => r.QuerySelector(".certificate-names")?.TextContent.Trim() == "pronto.pagina.test");
        Assert.Equal("Subido", uploaded.QuerySelector(".certificate-source")!.TextContent.Trim());
        Assert.Contains("dentro de 9 días", uploaded.QuerySelector(".certificate-expiry")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Aún no se ha intentado.", uploaded.TextContent, StringComparison.Ordinal);
        Assert.Contains("ninguna", uploaded.TextContent, StringComparison.Ordinal);
        var selfSigned = Assert.Single(rows, r => r.QuerySelector(".certificate-names")?.TextContent.Trim() == "lan.pagina.test");
        Assert.Equal("Autofirmado", selfSigned.QuerySelector(".certificate-source")!.TextContent.Trim());
        Assert.Contains("los navegadores advierten", selfSigned.QuerySelector(".self-signed-warning")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Lo sirve una regla", selfSigned.QuerySelector("button[title]")!.GetAttribute("title"));
        Assert.Equal("Eliminar el certificado de lan.pagina.test", selfSigned.QuerySelector("button[title]")!.GetAttribute("aria-label"));

        Assert.Empty(SpanishUi.EnglishLeftIn(page.QuerySelector(".mud-main-content")!.InnerHtml, "Certificates", "Nav.Certificates", "RuleForm.TlsSelfSigned", "Common.Actions", "Common.Delete"));
    }

    [Fact]
    public async Task A_failed_renewal_is_said_in_Spanish_on_the_page_and_in_English_by_the_API()
    {
        using var leaf = TestCertificates.Server(["renovar.pagina.test"]);
        using var upload = await panel.Api.PostAsJsonAsync("/api/certificates", new { pem = TestCertificates.Pem(leaf) }, Ct);
        var id = (await upload.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("id").GetInt32();
        var refused = CertificateMessages.FromAcme(new PortFwd.Acme.AcmeError(PortFwd.Acme.AcmeErrorKind.AuthorizationFailed,
            "The CA could not validate renovar.pagina.test: 203.0.113.9: Connection refused")
        {
            Code = "NotValidated",
            Arguments = ["renovar.pagina.test", "203.0.113.9: Connection refused"],
        });
        var service = panel.Factory.Services.GetRequiredService<CertificateService>();
        Assert.True(await service.RecordRenewalAsync(id, PortFwd.Core.Certificates.RenewalResult.Failed, CertificateMessages.RenewalFailed.With(refused, "2026-12-02 16:00"), Ct));
        using var browser = panel.Factory.BrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-ES");
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        using var response = await browser.GetAsync("/certificates", Ct);

        var page = await response.ReadDocumentAsync(Ct);
        var row = Assert.Single(page.QuerySelectorAll("#certificates-table tbody tr"), r => r.QuerySelector(".certificate-names")?.TextContent.Trim() == "renovar.pagina.test");
        Assert.StartsWith("La CA no pudo validar renovar.pagina.test: 203.0.113.9: Connection refused Próximo intento: 2026-12-02 16:00 UTC.",
            row.QuerySelector(".renewal-message")!.TextContent.Trim(), StringComparison.Ordinal);
        var listed = await panel.Api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/certificates", Ct);
        var mine = listed.EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == id);
        Assert.Equal("The CA could not validate renovar.pagina.test: 203.0.113.9: Connection refused Next try 2026-12-02 16:00 UTC.",
            mine.GetProperty("lastRenewal").GetProperty("message").GetString());
    }
}
