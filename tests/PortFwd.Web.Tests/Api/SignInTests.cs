using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PortFwd.Web.Tests.Api;

/// <summary>Who may use the panel and the API: bearer tokens for automation, the login form's cookie for the browser.</summary>
public sealed class SignInTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/rules")]
    [InlineData("GET", "/api/rules/1")]
    [InlineData("POST", "/api/rules")]
    [InlineData("PUT", "/api/rules/1")]
    [InlineData("DELETE", "/api/rules/1")]
    [InlineData("GET", "/api/rules/1/status")]
    [InlineData("GET", "/api/rules/1/traffic?range=5m")]
    public async Task Api_calls_without_credentials_answer_401_not_a_redirect(string method, string url)
    {
        using var client = panel.Factory.AnonymousClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = PanelApi.Json(PanelApi.Rule().ToJsonString());
        }

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Api_calls_with_an_unknown_bearer_token_answer_401()
    {
        using var client = panel.Factory.BearerClient("pf_not-a-real-token");

        using var response = await client.GetAsync("/api/rules", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Token_request_with_the_right_password_returns_a_token_and_when_it_expires()
    {
        using var client = panel.Factory.AnonymousClient();
        var before = DateTimeOffset.UtcNow;

        using var response = await client.PostAsJsonAsync("/api/tokens",
            new { name = "test " + Guid.NewGuid().ToString("N"), username = PanelFactory.AdminUser, password = PanelFactory.AdminPassword }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync(Ct);
        var token = (string)body["token"]!;
        Assert.False(string.IsNullOrWhiteSpace(token));
        var expires = body["expires"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expires, before.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));

        using var bearer = panel.Factory.BearerClient(token);
        using var rules = await bearer.GetAsync("/api/rules", Ct);
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
    }

    [Theory]
    [InlineData("admin", "wrong-password")]
    [InlineData("nobody", PanelFactory.AdminPassword)]
    [InlineData("admin", "")]
    [InlineData("", "")]
    public async Task Token_request_with_wrong_credentials_answers_401_without_a_token(string user, string password)
    {
        using var client = panel.Factory.AnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = user, password }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.False(body!.ContainsKey("token"));
    }

    [Fact]
    public async Task Health_answers_200_without_signing_in()
    {
        using var client = panel.Factory.AnonymousClient();

        using var response = await client.GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/port-forwarding")]
    [InlineData("/router")]
    [InlineData("/ddns")]
    [InlineData("/traffic")]
    [InlineData("/system")]
    public async Task Pages_without_a_cookie_redirect_to_login(string page)
    {
        using var browser = panel.Factory.BrowserClient();

        using var response = await browser.GetAsync(page, Ct);

        Assert.StartsWith("/login", response.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_page_is_shown_without_signing_in()
    {
        using var browser = panel.Factory.BrowserClient();

        using var response = await browser.GetAsync("/login", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<label for=\"username\">Username</label>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">Password</label>", html, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_through_the_login_form_sets_a_cookie_that_opens_the_panel_and_the_api()
    {
        using var browser = panel.Factory.BrowserClient();

        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        Assert.Equal("/", signIn.RedirectTarget());
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portfwd.auth=", StringComparison.Ordinal));

        using var home = await browser.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var page = await home.ReadDocumentAsync(Ct);
        Assert.Equal("PortFwd", page.QuerySelector(".product-name")?.TextContent);
        Assert.Equal(PanelFactory.AdminUser, page.SignedInUser());
        Assert.Contains("Port Forwarding", page.QuerySelectorAll("nav a").Select(a => a.TextContent.Trim()));
        Assert.Equal("Status", page.QuerySelector("h1")?.TextContent.Trim());

        using var rules = await browser.GetAsync("/port-forwarding", Ct);
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        Assert.Equal("Add rule", (await rules.ReadDocumentAsync(Ct)).QuerySelector("#add-rule")?.TextContent.Trim());

        using var api = await browser.GetAsync("/api/rules", Ct);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task Signing_in_returns_to_the_page_that_asked_for_it()
    {
        using var browser = panel.Factory.BrowserClient();

        using var signIn = await browser.PostFormAsync("/login?returnUrl=%2Fsystem", "/account/login", new Dictionary<string, string>
        {
            ["username"] = PanelFactory.AdminUser,
            ["password"] = PanelFactory.AdminPassword,
            ["returnUrl"] = "/system",
        }, Ct);

        Assert.Equal("/system", signIn.RedirectTarget());
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Signing_in_never_returns_to_another_site(string returnUrl)
    {
        using var browser = panel.Factory.BrowserClient();

        using var signIn = await browser.PostFormAsync("/login", "/account/login", new Dictionary<string, string>
        {
            ["username"] = PanelFactory.AdminUser,
            ["password"] = PanelFactory.AdminPassword,
            ["returnUrl"] = returnUrl,
        }, Ct);

        signIn.RedirectTarget();
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_wrong_password_on_the_login_form_goes_back_to_login_with_an_error_and_no_cookie()
    {
        using var browser = panel.Factory.BrowserClient();

        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, "wrong-password", Ct);

        var target = signIn.RedirectTarget();
        Assert.StartsWith("/login?error=1", target, StringComparison.Ordinal);
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portfwd.auth=", StringComparison.Ordinal)));

        using var again = await browser.GetAsync(target, Ct);
        Assert.Contains("The user name or password is wrong.", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var home = await browser.GetAsync("/", Ct);
        Assert.StartsWith("/login", home.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_form_post_without_its_antiforgery_token_signs_in_no_one_and_says_the_page_had_expired()
    {
        using var browser = panel.Factory.BrowserClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = PanelFactory.AdminUser,
            ["password"] = PanelFactory.AdminPassword,
            ["returnUrl"] = "/port-forwarding",
        });

        using var response = await browser.PostAsync("/account/login", content, Ct);

        Assert.Equal("/login?expired=1&returnUrl=%2Fport-forwarding", response.RedirectTarget());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portfwd.auth=", StringComparison.Ordinal)));
        using var page = await browser.GetAsync(response.RedirectTarget(), Ct);
        Assert.Contains("The sign-in page had expired, so nothing was sent. Please sign in again.", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var home = await browser.GetAsync("/", Ct);
        Assert.StartsWith("/login", home.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_out_post_without_the_antiforgery_token_leaves_the_user_signed_in()
    {
        using var browser = panel.Factory.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        using var response = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]), Ct);

        Assert.Equal("/", response.RedirectTarget());
        using var home = await browser.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }
}
