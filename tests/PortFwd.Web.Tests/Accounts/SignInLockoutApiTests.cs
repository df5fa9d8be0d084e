using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Accounts;

/// <summary>Password guessing through the real app: one address locks itself out and no one else.</summary>
public sealed class SignInLockoutApiTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Owner = IPAddress.Parse("192.168.1.20");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_thousand_failed_sign_ins_from_one_address_are_locked_out_and_another_address_still_signs_in()
    {
        await using var factory = new PanelFactory();
        var answers = new List<(int Status, JsonObject Body)>();

        for (var i = 0; i < 1000; i++)
        {
            answers.Add(await RequestTokenAsync(factory.Server, Attacker, "admin", $"guess-{i}"));
        }

        Assert.All(answers.Take(10), a => Assert.True(a.Status == StatusCodes.Status401Unauthorized, a.Body.ToJsonString()));
        Assert.All(answers.Skip(10), a => Assert.Equal(StatusCodes.Status429TooManyRequests, a.Status));
        Assert.All(answers, a => Assert.False(a.Body.ContainsKey("token")));
        Assert.Equal("Too many failed sign-ins. Try again in 5 minutes.", (string?)answers[10].Body["detail"]);
        Assert.All(answers.Skip(10), a => Assert.StartsWith("Too many", (string?)a.Body["detail"], StringComparison.Ordinal));

        // Locked, the right password from that address gets no token either; the owner elsewhere does.
        var attackerRight = await RequestTokenAsync(factory.Server, Attacker, "admin", PanelFactory.AdminPassword);
        var ownerRight = await RequestTokenAsync(factory.Server, Owner, "admin", PanelFactory.AdminPassword);

        Assert.Equal(StatusCodes.Status429TooManyRequests, attackerRight.Status);
        Assert.Equal(StatusCodes.Status200OK, ownerRight.Status);
        Assert.False(string.IsNullOrEmpty((string?)ownerRight.Body["token"]));
    }

    [Fact]
    public async Task A_forwarded_for_header_does_not_free_a_locked_address()
    {
        await using var factory = new PanelFactory();
        for (var i = 0; i < 10; i++)
        {
            await RequestTokenAsync(factory.Server, Attacker, "admin", $"guess-{i}");
        }

        var disguised = await RequestTokenAsync(factory.Server, Attacker, "admin", PanelFactory.AdminPassword, forwardedFor: Owner.ToString());

        Assert.Equal(StatusCodes.Status429TooManyRequests, disguised.Status);
    }

    [Fact]
    public async Task The_login_page_says_how_long_to_wait_once_locked()
    {
        await using var factory = new PanelFactory();
        using var browser = factory.BrowserClient();
        using var locked = await LockOutAsync(browser);

        Assert.StartsWith("/login?locked=300&", locked.RedirectTarget(), StringComparison.Ordinal);
        Assert.False(locked.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portfwd.auth=", StringComparison.Ordinal)));
        using var page = await browser.GetAsync(locked.RedirectTarget(), Ct);
        var document = await page.ReadDocumentAsync(Ct);
        Assert.Equal("Too many failed sign-ins. Try again in 5 minutes.", document.QuerySelector("#signin-message")?.TextContent);
    }

    [Fact]
    public async Task Locked_out_the_Spanish_login_page_says_how_long_in_Spanish_and_the_API_still_in_English()
    {
        await using var factory = new PanelFactory();
        using var browser = factory.BrowserClient();
        using var locked = await LockOutAsync(browser);
        using var request = new HttpRequestMessage(HttpMethod.Get, locked.RedirectTarget());
        request.Headers.AcceptLanguage.ParseAdd("es-ES");
        using var page = await browser.SendAsync(request, Ct);
        var document = await page.ReadDocumentAsync(Ct);
        Assert.Equal("Demasiados inicios de sesión fallidos. Vuelva a intentarlo dentro de 5 minutos.", document.QuerySelector("#signin-message")?.TextContent);

        using var api = factory.AnonymousClient();
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-ES");
        using var token = await api.PostAsJsonAsync("/api/tokens", new { username = PanelFactory.AdminUser, password = PanelFactory.AdminPassword }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, token.StatusCode);
        Assert.Equal("Too many failed sign-ins. Try again in 5 minutes.", (string?)(await token.ReadObjectAsync(Ct))["detail"]);
    }

    /// <summary>Ten wrong passwords from the browser, then the right one: the answer to that one (locked out).</summary>
    private static async Task<HttpResponseMessage> LockOutAsync(HttpClient browser)
    {
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await browser.SignInAsync(PanelFactory.AdminUser, $"guess-{i}", Ct);
            Assert.StartsWith("/login?error=1", wrong.RedirectTarget(), StringComparison.Ordinal);
        }

        return await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);
    }

    /// <summary>POST /api/tokens as if from <paramref name="from"/>: the test server sets the connection's address.</summary>
    private static async Task<(int Status, JsonObject Body)> RequestTokenAsync(TestServer server, IPAddress from, string user, string password,
        string? forwardedFor = null)
    {
        var context = await server.SendAsync(http =>
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new { name = "test " + Guid.NewGuid().ToString("N"), username = user, password });
            http.Request.Method = HttpMethods.Post;
            http.Request.Scheme = "http";
            http.Request.Host = new HostString("localhost");
            http.Request.Path = "/api/tokens";
            http.Request.ContentType = "application/json";
            http.Request.ContentLength = body.Length;
            http.Request.Body = new MemoryStream(body);
            // The test server's own body feature says "no body" for a request built here; this one has one.
            http.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
            http.Connection.RemoteIpAddress = from;
            if (forwardedFor is not null)
            {
                http.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        }, Ct);
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync(Ct);
        return (context.Response.StatusCode, string.IsNullOrEmpty(text) ? [] : JsonNode.Parse(text)!.AsObject());
    }

    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}
