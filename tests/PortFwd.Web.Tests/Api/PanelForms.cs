using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PortFwd.Web.Tests.Api;

/// <summary>What a browser does with the sign-in and set-up pages: load the page, then post its form with the antiforgery token.</summary>
public static partial class PanelForms
{
    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public static HttpClient BrowserClient(this WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient browser, string page, string action,
        IReadOnlyDictionary<string, string> fields, CancellationToken ct)
    {
        using var form = await browser.GetAsync(page, ct);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync(ct);
        Assert.Contains($"action=\"{action.TrimStart('/')}\"", html, StringComparison.Ordinal);
        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiforgeryToken(html) };
        using var content = new FormUrlEncodedContent(values);
        return await browser.PostAsync(action, content, ct);
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient browser, string user, string password, CancellationToken ct) =>
        browser.PostFormAsync("/login", "/account/login", new Dictionary<string, string> { ["username"] = user, ["password"] = password }, ct);

    /// <summary>The path (and query) a redirect points to, whether the Location is absolute or not.</summary>
    public static string RedirectTarget(this HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect,
            $"Expected a redirect, got {(int)response.StatusCode}.");
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    /// <summary>The hidden antiforgery field of a form page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
