using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortFwd.Web.Localization;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Localization;

/// <summary>
/// Which language the panel answers in: the browser's, until the person picks one in the header (the culture cookie);
/// English when nothing says otherwise; and always English from the API.
/// </summary>
public sealed class PanelLanguageTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("es-ES")]
    [InlineData("es-MX,en;q=0.5")]
    [InlineData("de-DE,es;q=0.8,en;q=0.5")]
    public async Task A_browser_that_asks_for_Spanish_gets_the_sign_in_page_in_Spanish(string acceptLanguage)
    {
        using var browser = panel.Factory.BrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var page = await (await browser.GetAsync("/login", Ct)).ReadDocumentAsync(Ct);

        Assert.Equal("Iniciar sesión", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("es", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Contraseña", page.QuerySelector("label[for=password]")!.TextContent);
    }

    [Fact]
    public async Task Without_Accept_Language_or_with_an_unknown_one_the_page_is_English()
    {
        using var plain = panel.Factory.BrowserClient();
        using var german = panel.Factory.BrowserClient();
        german.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE");
        using var englishFirst = panel.Factory.BrowserClient();
        englishFirst.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,es;q=0.9");

        foreach (var browser in new[] { plain, german, englishFirst })
        {
            var page = await (await browser.GetAsync("/login", Ct)).ReadDocumentAsync(Ct);
            Assert.Equal("Sign in", page.QuerySelector("h1")!.TextContent);
            Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        }
    }

    [Fact]
    public async Task The_switch_sets_the_culture_cookie_and_goes_back_and_the_cookie_beats_the_browser()
    {
        using var browser = panel.Factory.BrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        using var switched = await browser.GetAsync("/culture?lang=es&returnUrl=%2Flogin%3FreturnUrl%3D%252Frouter", Ct);

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/login?returnUrl=%2Frouter", switched.RedirectTarget());
        var cookie = Assert.Single(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains("c%3Des%7Cuic%3Des", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        var page = await (await browser.GetAsync("/login", Ct)).ReadDocumentAsync(Ct);
        Assert.Equal("Iniciar sesión", page.QuerySelector("h1")!.TextContent);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("")]
    public async Task The_switch_never_sends_the_browser_to_another_site(string returnUrl)
    {
        using var browser = panel.Factory.BrowserClient();

        using var switched = await browser.GetAsync($"/culture?lang=es&returnUrl={Uri.EscapeDataString(returnUrl)}", Ct);

        Assert.Equal("/", switched.RedirectTarget());
    }

    [Theory]
    [InlineData("de")]
    [InlineData("es;x")]
    [InlineData(null)]
    public async Task An_unknown_language_is_refused_and_sets_nothing(string? lang)
    {
        using var browser = panel.Factory.BrowserClient();

        using var refused = await browser.GetAsync(lang is null ? "/culture?returnUrl=/" : $"/culture?lang={Uri.EscapeDataString(lang)}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Set-Cookie") && refused.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_API_answers_in_English_whatever_the_caller_asks_for()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rules")
        {
            Content = JsonContent.Create(new JsonObject { ["name"] = "Web", ["protocol"] = "tcp", ["externalPort"] = 70000, ["internalHost"] = "192.168.1.20", ["internalPort"] = 80 }),
        };
        request.Headers.AcceptLanguage.ParseAdd("es-ES");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Des%7Cuic%3Des");

        using var response = await panel.Api.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("The external port must be from 1 to 65535; 70000 is outside that.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("puerto", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/port-forwarding?x=1", true)]
    [InlineData("//host", false)]
    [InlineData("/\\host", false)]
    [InlineData("http://host/", false)]
    [InlineData("relative", false)]
    [InlineData("/a\r\nb", false)]
    [InlineData(null, false)]
    public void Only_paths_on_this_panel_are_places_to_go_back_to(string? url, bool local)
    {
        Assert.Equal(local, PanelCultures.IsLocalPath(url));
    }
}
