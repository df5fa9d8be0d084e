using System.Net;
using System.Net.Http.Json;

namespace PortFwd.Web.Tests.Api;

/// <summary>A panel started without <c>PortFwd:AdminPassword</c> has no account until the set-up page creates one.</summary>
public sealed class FirstRunSetupTests
{
    private const string Owner = "owner";
    private const string OwnerPassword = "owner-Passw0rd!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> SetupFields(string password, string confirmation) => new()
    {
        ["username"] = Owner,
        ["password"] = password,
        ["confirmPassword"] = confirmation,
    };

    [Theory]
    [InlineData("/")]
    [InlineData("/port-forwarding")]
    [InlineData("/login")]
    public async Task Without_an_account_pages_redirect_to_setup(string page)
    {
        await using var factory = new PanelFactory(adminPassword: null);
        using var browser = factory.BrowserClient();

        using var response = await browser.GetAsync(page, Ct);

        Assert.Equal("/setup", response.RedirectTarget());
    }

    [Fact]
    public async Task The_setup_form_creates_the_account_signs_in_and_then_leads_to_login()
    {
        await using var factory = new PanelFactory(adminPassword: null);
        using var browser = factory.BrowserClient();

        using var setup = await browser.PostFormAsync("/setup", "/account/setup", SetupFields(OwnerPassword, OwnerPassword), Ct);

        Assert.Equal("/", setup.RedirectTarget());
        using var home = await browser.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(Owner, (await home.ReadDocumentAsync(Ct)).SignedInUser());

        Assert.NotEmpty(await factory.RequestTokenAsync(Ct, Owner, OwnerPassword));

        using var stranger = factory.BrowserClient();
        using var setupAgain = await stranger.GetAsync("/setup", Ct);
        Assert.StartsWith("/login", setupAgain.RedirectTarget(), StringComparison.Ordinal);
        using var page = await stranger.GetAsync("/", Ct);
        Assert.StartsWith("/login", page.RedirectTarget(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OwnerPassword, "another-Passw0rd!", "Account.PasswordsDiffer", "do not match")]
    [InlineData("short", "short", "Account.PasswordTooShort", "at least 8 characters")]
    public async Task The_setup_form_refuses_a_bad_password_and_creates_no_account(string password, string confirmation, string code, string message)
    {
        await using var factory = new PanelFactory(adminPassword: null);
        using var browser = factory.BrowserClient();

        using var setup = await browser.PostFormAsync("/setup", "/account/setup", SetupFields(password, confirmation), Ct);

        // The answer travels as its code, never as words a link could choose.
        var target = setup.RedirectTarget();
        Assert.Equal("/setup?error=" + code, target);
        using var page = await browser.GetAsync(target, Ct);
        Assert.Contains(message, await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var client = factory.AnonymousClient();
        using var token = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = Owner, password }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        using var stillSetup = await browser.GetAsync("/", Ct);
        Assert.Equal("/setup", stillSetup.RedirectTarget());
    }

    [Fact]
    public async Task Two_setup_posts_at_the_same_moment_create_only_one_account()
    {
        await using var factory = new PanelFactory(adminPassword: null);
        var browsers = Enumerable.Range(0, 4).Select(_ => factory.BrowserClient()).ToList();
        try
        {
            var forms = new List<(HttpClient Browser, string Token)>();
            foreach (var browser in browsers)
            {
                using var page = await browser.GetAsync("/setup", Ct);
                forms.Add((browser, PanelForms.AntiforgeryToken(await page.Content.ReadAsStringAsync(Ct))));
            }

            var posts = forms.Select(async (form, i) =>
            {
                using var content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["username"] = $"racer{i}",
                    ["password"] = OwnerPassword,
                    ["confirmPassword"] = OwnerPassword,
                    ["__RequestVerificationToken"] = form.Token,
                });
                using var response = await form.Browser.PostAsync("/account/setup", content, Ct);
                return response.RedirectTarget();
            }).ToList();
            var targets = await Task.WhenAll(posts);

            Assert.Single(targets, t => t == "/");
            using var client = factory.AnonymousClient();
            var signedIn = 0;
            for (var i = 0; i < forms.Count; i++)
            {
                using var token = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = $"racer{i}", password = OwnerPassword }, Ct);
                signedIn += token.StatusCode == HttpStatusCode.OK ? 1 : 0;
            }

            Assert.Equal(1, signedIn);
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public async Task A_second_setup_post_cannot_replace_the_account()
    {
        await using var factory = new PanelFactory(adminPassword: null);
        using var first = factory.BrowserClient();
        using var second = factory.BrowserClient();
        // Both load the set-up page while no account exists; only the first post may create one.
        using var secondForm = await second.GetAsync("/setup", Ct);
        Assert.Equal(HttpStatusCode.OK, secondForm.StatusCode);
        using var created = await first.PostFormAsync("/setup", "/account/setup", SetupFields(OwnerPassword, OwnerPassword), Ct);
        Assert.Equal("/", created.RedirectTarget());

        var token = PanelForms.AntiforgeryToken(await secondForm.Content.ReadAsStringAsync(Ct));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "intruder",
            ["password"] = "intruder-Passw0rd!",
            ["confirmPassword"] = "intruder-Passw0rd!",
            ["__RequestVerificationToken"] = token,
        });
        using var refused = await second.PostAsync("/account/setup", content, Ct);

        Assert.StartsWith("/setup?error=", refused.RedirectTarget(), StringComparison.Ordinal);
        using var client = factory.AnonymousClient();
        using var intruder = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "intruder", password = "intruder-Passw0rd!" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, intruder.StatusCode);
    }

    [Fact]
    public async Task A_setup_post_without_its_antiforgery_token_creates_no_account_and_says_the_page_had_expired()
    {
        await using var factory = new PanelFactory(adminPassword: null);
        using var browser = factory.BrowserClient();
        using var content = new FormUrlEncodedContent(SetupFields(OwnerPassword, OwnerPassword));

        using var response = await browser.PostAsync("/account/setup", content, Ct);

        Assert.Equal("/setup?error=Account.SetupPageExpired", response.RedirectTarget());
        using var page = await browser.GetAsync(response.RedirectTarget(), Ct);
        Assert.Contains("The page had expired, so no account was created. Please try again.", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var home = await browser.GetAsync("/", Ct);
        Assert.Equal("/setup", home.RedirectTarget());
    }

    [Fact]
    public async Task The_setup_page_shows_no_words_from_its_query_only_answers_it_knows()
    {
        await using var factory = new PanelFactory(adminPassword: null);
        using var browser = factory.BrowserClient();

        using var page = await browser.GetAsync("/setup?error=" + Uri.EscapeDataString("Your router is infected, call 555-0100"), Ct);
        var document = await page.ReadDocumentAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("infected", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(document.QuerySelector(".signin-error"));
    }

    [Fact]
    public async Task A_refused_setup_reads_in_Spanish_for_a_Spanish_browser()
    {
        await using var factory = new PanelFactory(adminPassword: null);
        using var browser = factory.BrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-ES");

        using var setup = await browser.PostFormAsync("/setup", "/account/setup", SetupFields("short", "short"), Ct);
        using var page = await browser.GetAsync(setup.RedirectTarget(), Ct);
        var error = (await page.ReadDocumentAsync(Ct)).QuerySelector(".signin-error");

        Assert.Equal("La contraseña debe tener al menos 8 caracteres.", error?.TextContent);
    }
}
