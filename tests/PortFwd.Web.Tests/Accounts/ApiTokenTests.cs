using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Data.Audit;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Audit;

namespace PortFwd.Web.Tests.Accounts;

/// <summary>A panel whose clock the token tests move, signed in with an admin token.</summary>
public sealed class TokenPanel : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public PanelFactory Factory { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Factory = new PanelFactory { Clock = Clock };
        Admin = Factory.BearerClient(await Factory.RequestTokenAsync(CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
    }
}

/// <summary>
/// API tokens through the real app: issued with a name, a scope and an expiry, listed without their secrets, revoked
/// at once, refused once expired, and recorded in the audit log with the token masked.
/// </summary>
public sealed class ApiTokenTests(TokenPanel panel) : IClassFixture<TokenPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Request(string? name, string? scope = null, JsonNode? expiresInDays = null)
    {
        var body = new JsonObject { ["username"] = PanelFactory.AdminUser, ["password"] = PanelFactory.AdminPassword, ["name"] = name };
        if (scope is not null)
        {
            body["scope"] = scope;
        }

        if (expiresInDays is not null)
        {
            body["expiresInDays"] = expiresInDays;
        }

        return body;
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> IssueAsync(JsonObject request)
    {
        using var client = panel.Factory.AnonymousClient();
        using var response = await client.PostJsonAsync("/api/tokens", request, Ct);
        return (response.StatusCode, await response.ReadObjectAsync(Ct));
    }

    private async Task<JsonObject> IssueOkAsync(string name, string? scope = null, int? expiresInDays = null)
    {
        var (status, body) = await IssueAsync(Request(name, scope, expiresInDays));
        Assert.True(status == HttpStatusCode.OK, $"POST /api/tokens answered {(int)status}: {body.ToJsonString()}");
        return body;
    }

    private async Task<JsonArray> ListAsync()
    {
        using var response = await panel.Admin.GetAsync("/api/tokens", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>(Ct))!;
    }

    private async Task<HttpStatusCode> StatusWithAsync(string token, string url = "/api/rules")
    {
        using var client = panel.Factory.BearerClient(token);
        using var response = await client.GetAsync(url, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_token_is_issued_with_its_name_scope_and_expiry_and_the_list_never_shows_a_secret()
    {
        var now = panel.Clock.GetUtcNow();

        var issued = await IssueOkAsync("prometheus", "read", 90);
        var listText = (await ListAsync()).ToJsonString();

        var token = (string)issued["token"]!;
        Assert.StartsWith("pf_", token, StringComparison.Ordinal);
        Assert.Equal(("prometheus", "read"), ((string?)issued["name"], (string?)issued["scope"]));
        Assert.Equal(now, issued["created"]!.GetValue<DateTimeOffset>());
        Assert.Equal(now.AddDays(90), issued["expires"]!.GetValue<DateTimeOffset>());
        var listed = Assert.IsType<JsonObject>((await ListAsync()).Single(t => (int)t!["id"]! == (int)issued["id"]!));
        Assert.Equal(["created", "expires", "id", "lastUsed", "name", "scope"], listed.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(("prometheus", "read"), ((string?)listed["name"], (string?)listed["scope"]));
        Assert.DoesNotContain(token, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), listText, StringComparison.Ordinal);
        Assert.DoesNotContain("\"token\"", listText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scope_and_expiry_have_defaults_admin_and_thirty_days()
    {
        var issued = await IssueOkAsync("defaults");

        Assert.Equal("admin", (string?)issued["scope"]);
        Assert.Equal(panel.Clock.GetUtcNow().AddDays(30), issued["expires"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once()
    {
        var issued = await IssueOkAsync("to revoke", "read");
        var token = (string)issued["token"]!;
        var id = (int)issued["id"]!;
        var before = await StatusWithAsync(token);

        using var revoke = await panel.Admin.DeleteAsync(new Uri($"/api/tokens/{id}", UriKind.Relative), Ct);
        var after = await StatusWithAsync(token);
        using var again = await panel.Admin.DeleteAsync(new Uri($"/api/tokens/{id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain(await ListAsync(), t => (int)t!["id"]! == id);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = (string)(await IssueOkAsync("one day", expiresInDays: 1))["token"]!;

        panel.Clock.Advance(TimeSpan.FromHours(23));
        var stillValid = await StatusWithAsync(token);
        panel.Clock.Advance(TimeSpan.FromHours(1));
        var expired = await StatusWithAsync(token);

        Assert.Equal(HttpStatusCode.OK, stillValid);
        Assert.Equal(HttpStatusCode.Unauthorized, expired);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"username": "admin", "password": "test-Passw0rd!", "name": "   "}""", "name" },
        { $$"""{"username": "admin", "password": "test-Passw0rd!", "name": "{{new string('n', 65)}}"}""", "name" },
        { """{"username": "admin", "password": "test-Passw0rd!", "name": "x", "scope": "write"}""", "scope" },
        { """{"username": "admin", "password": "test-Passw0rd!", "name": "x", "scope": "READ"}""", "scope" },
        { """{"username": "admin", "password": "test-Passw0rd!", "name": "x", "expiresInDays": 0}""", "expiresInDays" },
        { """{"username": "admin", "password": "test-Passw0rd!", "name": "x", "expiresInDays": 3651}""", "expiresInDays" },
        { """{"username": "admin", "password": "test-Passw0rd!", "name": "x", "expiresInDays": "30"}""", "expiresInDays" },
        { """{"username": "admin", "password": "test-Passw0rd!", "name": 7}""", "name" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_name_scope_or_expiry_answers_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        var tokensBefore = (await ListAsync()).Count;
        var signInsBefore = (await panel.Admin.AuditAsync("action=signin&limit=1000")).Count;
        using var client = panel.Factory.AnonymousClient();

        using var response = await client.PostAsync("/api/tokens", PanelApi.Json(body), Ct);
        var problem = await response.ReadObjectAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.False(problem.ContainsKey("token"));
        Assert.Equal(tokensBefore, (await ListAsync()).Count);
        Assert.Equal(signInsBefore, (await panel.Admin.AuditAsync("action=signin&limit=1000")).Count);
    }

    [Fact]
    public async Task A_request_without_a_name_gets_an_admin_token_with_a_made_up_name_each_time()
    {
        // Scripts written before tokens had names ask for one on every run: each gets its own.
        var body = new JsonObject { ["username"] = PanelFactory.AdminUser, ["password"] = PanelFactory.AdminPassword };

        var (firstStatus, first) = await IssueAsync(body.DeepClone().AsObject());
        var (secondStatus, second) = await IssueAsync(body.DeepClone().AsObject());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (firstStatus, secondStatus));
        Assert.Matches("^token [0-9a-f]{8}$", (string?)first["name"]);
        Assert.NotEqual((string?)first["name"], (string?)second["name"]);
        Assert.Equal("admin", (string?)first["scope"]);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync((string)second["token"]!));
    }

    [Fact]
    public async Task A_name_already_used_in_any_case_answers_409()
    {
        await IssueOkAsync("Backup script");
        var count = (await ListAsync()).Count;

        var (status, problem) = await IssueAsync(Request("backup SCRIPT"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already have a token named", (string?)problem["errors"]!["name"]![0], StringComparison.Ordinal);
        Assert.Equal(count, (await ListAsync()).Count);
    }

    [Fact]
    public async Task A_read_token_reads_the_api_and_metrics_but_may_not_change_anything_or_list_tokens()
    {
        var issued = await IssueOkAsync("reader", "read");
        using var reader = panel.Factory.BearerClient((string)issued["token"]!);

        using var rules = await reader.GetAsync("/api/rules", Ct);
        using var metrics = await reader.GetAsync("/metrics", Ct);
        using var create = await reader.PostJsonAsync("/api/rules", PanelApi.Rule("Not allowed", 18591, enabled: false), Ct);
        using var list = await reader.GetAsync("/api/tokens", Ct);
        using var revoke = await reader.DeleteAsync(new Uri($"/api/tokens/{(int)issued["id"]!}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("This token can only read;", (string?)(await create.ReadObjectAsync(Ct))["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        Assert.DoesNotContain(await panel.Admin.ListRulesAsync(Ct), r => (string?)r!["name"] == "Not allowed");
        Assert.Contains(await ListAsync(), t => (int)t!["id"]! == (int)issued["id"]!);
    }

    [Fact]
    public async Task The_last_use_is_written_at_most_once_a_minute()
    {
        var issued = await IssueOkAsync("busy");
        var token = (string)issued["token"]!;
        DateTimeOffset? LastUsed(JsonArray list) => list.Single(t => (int)t!["id"]! == (int)issued["id"]!)!["lastUsed"]?.GetValue<DateTimeOffset>();

        var never = LastUsed(await ListAsync());
        var first = panel.Clock.GetUtcNow();
        await StatusWithAsync(token);
        var afterFirst = LastUsed(await ListAsync());
        panel.Clock.Advance(TimeSpan.FromSeconds(59));
        await StatusWithAsync(token);
        var within = LastUsed(await ListAsync());
        panel.Clock.Advance(TimeSpan.FromSeconds(2));
        await StatusWithAsync(token);
        var later = LastUsed(await ListAsync());

        Assert.Null(never);
        Assert.Equal(first, afterFirst);
        Assert.Equal(first, within);
        Assert.Equal(first.AddSeconds(61), later);
    }

    [Fact]
    public async Task Creating_and_revoking_are_in_the_audit_log_with_the_token_masked()
    {
        var issued = await IssueOkAsync("audited", "read", 7);
        var id = (int)issued["id"]!;
        using var revoke = await panel.Admin.DeleteAsync(new Uri($"/api/tokens/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        var create = await panel.Admin.NewestAsync(AuditActions.TokenCreate);
        var revoked = await panel.Admin.NewestAsync(AuditActions.TokenRevoke);
        var everything = (await panel.Admin.AuditAsync("limit=1000")).ToJsonString();

        Assert.Equal((PanelFactory.AdminUser, "token", AuditActions.TokenCreate, $"token {id} \"audited\""),
            ((string?)create["actor"], (string?)create["via"], (string?)create["action"], (string?)create["target"]));
        Assert.Equal(("audited", "read", AuditJson.Masked), ((string?)create["after"]!["name"], (string?)create["after"]!["scope"], (string?)create["after"]!["token"]));
        Assert.Equal((PanelFactory.AdminUser, "token", $"token {id} \"audited\""), ((string?)revoked["actor"], (string?)revoked["via"], (string?)revoked["target"]));
        Assert.Equal(AuditJson.Masked, (string?)revoked["before"]!["token"]);
        Assert.Null(revoked["after"]);
        Assert.DoesNotContain((string)issued["token"]!, everything, StringComparison.Ordinal);
    }
}
