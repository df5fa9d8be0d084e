using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Data;
using PortFwd.Data.Audit;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Accounts;

/// <summary>
/// Signed-in browsers as sessions on the real app and its SQLite file: listed with address and browser, signed out one by
/// one or all but this one, ended by the idle limit, the lifetime and a password change.
/// </summary>
public sealed class SessionTests
{
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A panel whose test server gives each request the client address its X-Test-Client header names (the test server has none).</summary>
    private static PanelFactory Panel(Dictionary<string, string?>? settings = null, FakeTimeProvider? clock = null) =>
        new(settings: settings) { Clock = clock, TestServices = services => services.AddSingleton<IStartupFilter, ClientAddresses>() };

    [Fact]
    public async Task Two_sign_ins_are_two_sessions_listed_with_address_and_browser_and_this_one_marked()
    {
        await using var factory = Panel();
        using var here = await SignedInAsync(factory, Firefox);
        using var there = await SignedInAsync(factory, Chrome);

        var sessions = await ListAsync(here);

        Assert.Equal(2, sessions.Count);
        var mine = Assert.Single(sessions, s => (bool)s["current"]!);
        var other = Assert.Single(sessions, s => !(bool)s["current"]!);
        Assert.Equal("Firefox on Linux", (string?)mine["device"]);
        Assert.Equal(Firefox, (string?)mine["userAgent"]);
        Assert.Equal("Chrome on Windows", (string?)other["device"]);
        Assert.Equal("192.0.2.10", (string?)mine["clientAddress"]);
        Assert.Equal("192.0.2.20", (string?)other["clientAddress"]);
        Assert.All(sessions, s => Assert.Equal(["clientAddress", "createdAt", "current", "device", "id", "lastSeenAt", "userAgent"],
            s.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)));
        Assert.Equal(2, await RowCountAsync(factory));
    }

    [Fact]
    public async Task Signing_one_browser_out_refuses_its_cookie_on_the_next_request_and_keeps_the_other()
    {
        await using var factory = Panel();
        using var here = await SignedInAsync(factory, Firefox);
        using var there = await SignedInAsync(factory, Chrome);
        var thereId = (int)(await ListAsync(here)).Single(s => !(bool)s["current"]!)["id"]!;

        using var ended = await here.DeleteAsync($"/api/sessions/{thereId}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        using (var page = await there.GetAsync("/", Ct))
        {
            Assert.StartsWith("/login", page.RedirectTarget(), StringComparison.Ordinal);
        }

        using (var api = await there.GetAsync("/api/rules", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }

        using (var stillIn = await here.GetAsync("/api/rules", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        Assert.Single(await ListAsync(here));
        using var again = await here.DeleteAsync($"/api/sessions/{thereId}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var entry = Assert.Single(await AuditAsync(factory, AuditActions.SessionRevoke));
        Assert.Equal(PanelFactory.AdminUser, entry.Actor);
        Assert.Equal($"session {thereId} (Chrome on Windows, 192.0.2.20)", entry.Target);
        Assert.Equal("192.0.2.10", entry.ClientAddress);
    }

    [Fact]
    public async Task Sign_out_everywhere_else_ends_every_other_browser_and_keeps_this_one()
    {
        await using var factory = Panel();
        using var here = await SignedInAsync(factory, Firefox);
        using var second = await SignedInAsync(factory, Chrome);
        using var third = await SignedInAsync(factory, Chrome);

        using var response = await here.DeleteAsync("/api/sessions", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (int)(await response.ReadObjectAsync(Ct))["ended"]!);
        foreach (var other in new[] { second, third })
        {
            using var refused = await other.GetAsync("/api/rules", Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var left = Assert.Single(await ListAsync(here));
        Assert.True((bool)left["current"]!);
        Assert.Equal(2, (await AuditAsync(factory, AuditActions.SessionRevoke)).Count);
    }

    [Fact]
    public async Task Signing_out_deletes_the_session_so_a_copy_of_its_cookie_is_refused()
    {
        await using var factory = Panel();
        using var here = factory.BrowserClient();
        string cookie;
        using (var signIn = await here.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct))
        {
            cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portfwd.auth=", StringComparison.Ordinal)).Split(';')[0];
        }

        using var copy = factory.AnonymousClient();
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        using (var before = await copy.GetAsync("/api/rules", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var signOut = await here.PostFormAsync("/account", "/account/logout", new Dictionary<string, string>(), Ct);

        Assert.Equal("/login", signOut.RedirectTarget());
        Assert.Equal(0, await RowCountAsync(factory));
        using var after = await copy.GetAsync("/api/rules", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_browser_idle_past_the_limit_is_signed_out_and_one_in_use_is_not()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = Panel(new() { ["PortFwd:Accounts:SessionIdleHours"] = "1" }, clock);
        using var busy = await SignedInAsync(factory, Firefox);
        using var idle = await SignedInAsync(factory, Chrome);

        // The busy one asks every 50 minutes, each time within the hour since it was last seen.
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(50));
            using var used = await busy.GetAsync("/api/rules", Ct);
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }

        using var refused = await idle.GetAsync("/api/rules", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var left = Assert.Single(await ListAsync(busy));
        Assert.Equal("Firefox on Linux", (string?)left["device"]);
        Assert.Equal(1, await RowCountAsync(factory));
    }

    [Fact]
    public async Task A_sign_in_ends_with_its_lifetime_however_busy_and_a_shorter_lifetime_applies_to_sessions_already_open()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = Panel(new() { ["PortFwd:Accounts:SessionLifetimeDays"] = "2", ["PortFwd:Accounts:SessionIdleHours"] = "0" }, clock);
        using var browser = await SignedInAsync(factory, Firefox);
        using var other = await SignedInAsync(factory, Chrome);

        // Used all the time: still the lifetime ends it.
        for (var hours = 0; hours < 47; hours += 12)
        {
            using var used = await browser.GetAsync("/api/rules", Ct);
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
            clock.Advance(TimeSpan.FromHours(12));
        }

        using (var ended = await browser.GetAsync("/api/rules", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        }

        // The Settings page shortens the lifetime: a session signed in a day ago ends at once (its cookie would last two).
        using var fresh = await SignedInAsync(factory, Firefox);
        clock.Advance(TimeSpan.FromHours(25));
        using (var stillIn = await fresh.GetAsync("/api/rules", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        using (var saved = await api.PutJsonAsync("/api/settings", new JsonObject { ["sessionLifetimeDays"] = 1 }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        clock.Advance(PortFwd.Web.Accounts.Sessions.PanelSessions.CacheFor + TimeSpan.FromSeconds(1));
        using var shortened = await fresh.GetAsync("/api/rules", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, shortened.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_browser_signed_in()
    {
        const string newPassword = "new-Passw0rd!";
        await using var factory = Panel();
        using var here = await SignedInAsync(factory, Firefox);
        using var there = await SignedInAsync(factory, Chrome);

        using var change = await here.PostFormAsync("/account", "/account/password", new Dictionary<string, string>
        {
            ["currentPassword"] = PanelFactory.AdminPassword,
            ["newPassword"] = newPassword,
            ["confirmPassword"] = newPassword,
        }, Ct);

        Assert.Equal("/account?password=changed", change.RedirectTarget());
        var left = Assert.Single(await ListAsync(here));
        Assert.True((bool)left["current"]!);
        Assert.Equal(1, await RowCountAsync(factory));
        using var refused = await there.GetAsync("/api/rules", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_lists_the_sessions_with_none_current_and_the_api_never_shows_a_cookie_key()
    {
        await using var factory = Panel();
        using var browser = await SignedInAsync(factory, Firefox);
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));

        using var response = await api.GetAsync("/api/sessions", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        var session = Assert.Single(JsonNode.Parse(text)!.AsArray())!;
        Assert.False((bool)session["current"]!);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>().CreateDbContextAsync(Ct);
        var hash = await db.Sessions.Select(s => s.KeyHash).SingleAsync(Ct);
        Assert.DoesNotContain(hash, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("key", text, StringComparison.OrdinalIgnoreCase);
        using var anonymous = factory.AnonymousClient();
        using var refused = await anonymous.GetAsync("/api/sessions", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static async Task<HttpClient> SignedInAsync(PanelFactory factory, string userAgent)
    {
        var browser = factory.BrowserClient();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        browser.DefaultRequestHeaders.Add(ClientAddresses.Header, userAgent == Firefox ? "192.0.2.10" : "192.0.2.20");
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);
        Assert.Equal("/", signIn.RedirectTarget());
        return browser;
    }

    private static async Task<List<JsonNode>> ListAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync("/api/sessions", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Select(n => n!)];
    }

    private static async Task<int> RowCountAsync(PanelFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>().CreateDbContextAsync(Ct);
        return await db.Sessions.CountAsync(Ct);
    }

    private static async Task<List<AuditEntry>> AuditAsync(PanelFactory factory, string action)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync(Ct);
    }

    private sealed class ClientAddresses : IStartupFilter
    {
        public const string Header = "X-Test-Client";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
