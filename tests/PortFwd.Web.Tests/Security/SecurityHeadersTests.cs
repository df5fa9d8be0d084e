using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Security;

/// <summary>
/// The panel's own answers carry a Content-Security-Policy Blazor Server and MudBlazor work under, refuse framing and
/// sniffing, and its cookies stay out of scripts' and other sites' reach (Secure over HTTPS).
/// </summary>
public sealed partial class SecurityHeadersTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client(string scheme = "http") => panel.Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri($"{scheme}://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = false,
    });

    [Theory]
    [InlineData("/login")]
    [InlineData("/port-forwarding")]
    [InlineData("/no-such-page")]
    [InlineData("/api/rules")]
    public async Task Every_panel_answer_carries_the_policy_and_the_other_headers(string path)
    {
        using var client = Client();

        using var response = await client.GetAsync(path, Ct);

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.Matches(@"(^|; )script-src 'self' 'nonce-[A-Za-z0-9_-]{22}'(;|$)", policy);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task The_pages_only_inline_script_carries_this_requests_nonce_and_the_next_request_gets_another()
    {
        using var client = Client();

        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.GetAsync("/login", Ct);
            var html = await response.Content.ReadAsStringAsync(Ct);
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            var nonce = NonceInPolicy().Match(policy).Groups[1].Value;

            var inline = InlineScript().Matches(html);
            Assert.NotEmpty(inline);
            Assert.All(inline, script => Assert.Contains($"nonce=\"{nonce}\"", script.Value, StringComparison.Ordinal));
            nonces.Add(nonce);
        }

        Assert.NotEqual(nonces[0], nonces[1]);
    }

    [Theory]
    [InlineData("http", false)]
    [InlineData("https", true)]
    public async Task The_antiforgery_cookie_is_http_only_same_site_strict_and_secure_over_https(string scheme, bool secure)
    {
        using var client = Client(scheme);

        using var response = await client.GetAsync("/login", Ct);

        AssertCookie(response, ".AspNetCore.Antiforgery.", secure);
    }

    [Theory]
    [InlineData("http", false)]
    [InlineData("https", true)]
    public async Task The_sign_in_cookie_is_http_only_same_site_strict_and_secure_over_https(string scheme, bool secure)
    {
        using var browser = panel.Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"{scheme}://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });

        using var response = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        AssertCookie(response, "portfwd.auth", secure);
    }

    private static void AssertCookie(HttpResponseMessage response, string namePrefix, bool secure)
    {
        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var cookies), "No cookie was set.");
        var cookie = Assert.Single(cookies, c => c.StartsWith(namePrefix, StringComparison.Ordinal));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Equal(secure, attributes.Contains("secure"));
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();

    /// <summary>Script elements without a src: their text runs in the page.</summary>
    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>")]
    private static partial Regex InlineScript();
}
