using System.Net;
using System.Net.Http.Json;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Certificates;

/// <summary>The Certificates page and the Status page's expiry warning, as the signed-in browser first receives them (server prerender).</summary>
public sealed class CertificatePagesTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_certificates_page_lists_each_certificate_with_its_source_expiry_and_rules_and_warns_about_self_signed_ones()
    {
        using var root = TestCertificates.Authority("Page Root");
        using var soon = TestCertificates.Server(["soon.page.test"], root, notAfter: DateTimeOffset.UtcNow.AddDays(10));
        using var upload = await panel.Api.PostAsJsonAsync("/api/certificates", new { pem = TestCertificates.Pem(soon, root) }, Ct);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var rule = await panel.Api.CreateRuleAsync(HttpsRules.Rule("Page LAN", LoopbackPorts.Free(), 9, "selfSigned", ["lan.page.test"]), Ct);
        await panel.Api.WaitUntilActiveAsync(rule, Ct);
        using var browser = panel.Factory.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        using var response = await browser.GetAsync("/certificates", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync(Ct);
        var rows = page.QuerySelectorAll("#certificates-table tbody tr").ToList();
        var uploaded = Assert.Single(rows, r => r.QuerySelector(".certificate-names")?.TextContent.Trim() == "soon.page.test");
        Assert.Equal("uploaded", uploaded.QuerySelector(".certificate-source")!.GetAttribute("data-source"));
        Assert.Equal("true", uploaded.QuerySelector(".certificate-expiry")!.GetAttribute("data-soon"));
        Assert.Contains("in 9 days", uploaded.QuerySelector(".certificate-expiry")!.TextContent, StringComparison.Ordinal);
        var selfSigned = Assert.Single(rows, r => r.QuerySelector(".certificate-names")?.TextContent.Trim() == "lan.page.test");
        Assert.Equal("false", selfSigned.QuerySelector(".certificate-expiry")!.GetAttribute("data-soon"));
        Assert.Contains("browsers warn", selfSigned.QuerySelector(".self-signed-warning")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Page LAN", selfSigned.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#acme-staging"));
        Assert.Contains("none", page.QuerySelector("#acme-directory")!.TextContent, StringComparison.Ordinal);

        using var status = await browser.GetAsync("/", Ct);
        var warnings = (await status.ReadDocumentAsync(Ct)).QuerySelectorAll(".expiring-certificate");
        Assert.Contains(warnings, w => w.TextContent.Contains("soon.page.test", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.TextContent.Contains("lan.page.test", StringComparison.Ordinal));
    }
}
