using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Security;

/// <summary>What a hostile caller sends the API: oversized and deeply nested bodies, header injection in host names, path traversal, and a cross-site form post.</summary>
public sealed class HostileInputTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private const int Limit = 64 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A rule body padded (with a description the validator would refuse anyway) to exactly <paramref name="bytes"/> bytes.</summary>
    private static StringContent RuleOfSize(int bytes)
    {
        var body = PanelApi.Rule("Padded", 30500);
        body["description"] = "";
        var empty = Encoding.UTF8.GetByteCount(body.ToJsonString());
        body["description"] = new string('a', bytes - empty);
        var text = body.ToJsonString();
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(text));
        return PanelApi.Json(text);
    }

    [Theory]
    [InlineData("POST", "/api/rules")]
    [InlineData("PUT", "/api/rules/1")]
    [InlineData("POST", "/api/ddns")]
    [InlineData("POST", "/api/blocklist")]
    [InlineData("PUT", "/api/settings")]
    [InlineData("POST", "/api/backup")]
    public async Task A_json_body_over_64_KiB_answers_413_and_writes_nothing(string method, string url)
    {
        var rowsBefore = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = RuleOfSize(Limit + 1) };

        using var response = await panel.Api.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 64 KiB", (string)(await response.ReadObjectAsync(Ct))["detail"]!, StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
    }

    [Fact]
    public async Task A_body_of_exactly_64_KiB_is_read_and_judged_on_its_fields()
    {
        using var response = await panel.Api.PostAsync("/api/rules", RuleOfSize(Limit), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync(Ct))["errors"]!["description"]);
    }

    [Theory]
    [InlineData("/api/restore", 16 * 1024 * 1024)]
    [InlineData("/api/certificates", 1024 * 1024)]
    public async Task Restore_and_certificate_upload_keep_their_own_larger_limits(string url, int limit)
    {
        using (var over64 = await panel.Api.PostAsync(url, PanelApi.Json("{\"x\": \"" + new string('a', Limit) + "\"}"), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, over64.StatusCode);
        }

        using var overOwn = await panel.Api.PostAsync(url, PanelApi.Json("{\"x\": \"" + new string('a', limit) + "\"}"), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overOwn.StatusCode);
    }

    [Fact]
    public async Task Deeply_nested_json_answers_400_quickly()
    {
        var nested = "{\"name\": " + new string('[', 30_000) + new string(']', 30_000) + "}";
        var clock = Stopwatch.StartNew();

        using var response = await panel.Api.PostAsync("/api/rules", PanelApi.Json(nested), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", (string)(await response.ReadObjectAsync(Ct))["errors"]!["body"]![0]!, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Took {clock.Elapsed}.");
    }

    [Theory]
    [InlineData("app.example.com\r\nX-Injected: 1")]
    [InlineData("app.example.com\nHost: evil.example")]
    [InlineData("app.example.com\u0000")]
    [InlineData("app.exa\tmple.com")]
    public async Task A_host_name_with_line_breaks_or_control_characters_is_refused(string hostName)
    {
        var body = PanelApi.Rule("Header injection", 30501, protocol: "http");
        body["hostNames"] = new JsonArray(hostName);

        using var response = await panel.Api.PostJsonAsync("/api/rules", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["hostNames"], (await response.ReadObjectAsync(Ct))["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task An_internal_host_with_a_line_break_is_refused()
    {
        var body = PanelApi.Rule("Target injection", 30502, protocol: "http");
        body["internalHost"] = "192.168.1.20\r\nX-Injected: 1";

        using var response = await panel.Api.PostJsonAsync("/api/rules", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["internalHost"], (await response.ReadObjectAsync(Ct))["errors"]!.AsObject().Select(e => e.Key));
    }

    /// <summary>
    /// No API call takes a file name or path: route parameters are numbers (or the catch-all that answers 404), backups and
    /// certificates travel in the body. Traversal in the URL reaches no file of the data folder or the app.
    /// </summary>
    [Theory]
    [InlineData("/api/backup/..%2F..%2Fportfwd.db")]
    [InlineData("/api/certificates/..%2F..%2Fkeys")]
    [InlineData("/..%2F..%2Fappsettings.json")]
    [InlineData("/js/..%2F..%2Fappsettings.json")]
    [InlineData("/_content/MudBlazor/..%2F..%2F..%2Fappsettings.json")]
    [InlineData("/js/%2e%2e/%2e%2e/appsettings.json")]
    public async Task Path_traversal_in_a_url_reaches_no_file(string url)
    {
        using var response = await panel.Api.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        // Either refused, or one of the panel's own pages (its "not found" page) — never a file.
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Contains("<!DOCTYPE html>", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("SQLite format", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"PortFwd\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_from_another_site_without_the_antiforgery_token_changes_nothing()
    {
        using var browser = panel.Factory.BrowserClient();
        using (var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct))
        {
            Assert.Equal("/", signIn.RedirectTarget());
        }

        var rowsBefore = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "rule-form",
            ["name"] = "Planted by another site",
            ["protocol"] = "tcp",
            ["externalPort"] = "30503",
            ["internalHost"] = "192.168.1.66",
            ["internalPort"] = "22",
            ["openOnRouter"] = "true",
        };

        foreach (var url in new[] { "/port-forwarding", "/api/rules", "/account/logout" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("Origin", "https://attacker.example");
            request.Headers.Referrer = new Uri("https://attacker.example/page");
            using var response = await browser.SendAsync(request, Ct);
            if (url == "/account/logout")
            {
                // The sign-out form refuses by sending the browser back to the panel, still signed in (checked below).
                Assert.Equal("/", response.RedirectTarget());
            }
            else
            {
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType,
                    $"POST {url} answered {(int)response.StatusCode}.");
            }
        }

        Assert.Equal(rowsBefore, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
        // Still signed in: the logout form was refused too.
        using var page = await browser.GetAsync("/port-forwarding", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
