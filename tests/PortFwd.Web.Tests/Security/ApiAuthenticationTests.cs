using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.Accounts.Tokens;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Security;

/// <summary>
/// Every API endpoint the panel maps answers 401 to a caller without credentials, and a read token may read but
/// change nothing. The endpoints are read from the app itself, so an endpoint added without sign-in, or one a read
/// token could change something through, fails here; the few exceptions are listed by name.
/// </summary>
public sealed class ApiAuthenticationTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    /// <summary>Open without credentials on purpose: asking for a token is how a caller gets credentials.</summary>
    private static readonly string[] OpenOnPurpose = ["POST /api/tokens"];

    /// <summary>Reads that need an admin all the same: a read token must not list the tokens.</summary>
    private static readonly string[] AdminOnlyReads = ["GET /api/tokens"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>"METHOD /pattern" for every method of every endpoint under the API (and its document, and the metrics).</summary>
    private IReadOnlyList<(string Method, RoutePattern Pattern, Endpoint Endpoint)> ApiEndpoints()
    {
        var sources = panel.Factory.Services.GetRequiredService<EndpointDataSource>();
        return [.. sources.Endpoints.OfType<RouteEndpoint>()
            .Where(e => IsApi(e.RoutePattern.RawText ?? ""))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST", "PUT", "DELETE"])
                .Select(m => (m, e.RoutePattern, (Endpoint)e)))];
    }

    private static bool IsApi(string pattern)
    {
        var path = "/" + pattern.TrimStart('/');
        return path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/openapi/", StringComparison.Ordinal) || path == "/metrics";
    }

    private static string Name(string method, RoutePattern pattern) => $"{method} /{pattern.RawText!.Trim('/')}";

    /// <summary>A URL the pattern matches: each parameter filled with a value its constraint takes (<paramref name="id"/> for numbers).</summary>
    private static string UrlFor(RoutePattern pattern, int id = 1) => "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "anything",
        _ => throw new InvalidOperationException($"A route part of kind {part.PartKind}."),
    }))));

    [Fact]
    public void The_enumeration_finds_the_api()
    {
        var names = ApiEndpoints().Select(e => Name(e.Method, e.Pattern)).ToList();

        // Guards the guard: were the enumeration to find nothing, the test below would pass without checking anything.
        Assert.Contains("GET /api/rules", names);
        Assert.Contains("DELETE /api/rules/{id:int}", names);
        Assert.Contains("POST /api/restore", names);
        Assert.True(names.Count > 30, $"Only {names.Count} API endpoints found.");
    }

    [Fact]
    public void Only_the_listed_endpoints_are_open_without_sign_in()
    {
        var open = ApiEndpoints()
            .Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null && Name(e.Method, e.Pattern) != "GET /metrics")
            .Select(e => Name(e.Method, e.Pattern))
            .Order()
            .ToList();

        Assert.Equal(OpenOnPurpose.Order(), open);
    }

    [Fact]
    public async Task Every_api_endpoint_answers_401_without_credentials()
    {
        using var client = panel.Factory.AnonymousClient();
        var wrong = new List<string>();
        foreach (var (method, pattern, _) in ApiEndpoints())
        {
            var name = Name(method, pattern);
            if (OpenOnPurpose.Contains(name))
            {
                continue;
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), UrlFor(pattern));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = PanelApi.Json("{}");
            }

            using var response = await client.SendAsync(request, Ct);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                wrong.Add($"{name} ({request.RequestUri}) answered {(int)response.StatusCode}");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void Only_the_listed_reads_need_an_admin()
    {
        var adminOnly = ApiEndpoints()
            .Where(e => e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == TokenAuthorization.AdminPolicy) && e.Method == "GET")
            .Select(e => Name(e.Method, e.Pattern))
            .Order()
            .ToList();

        Assert.Equal(AdminOnlyReads.Order(), adminOnly);
    }

    [Fact]
    public async Task A_read_token_is_refused_403_on_every_api_call_that_is_not_a_read_and_changes_nothing()
    {
        using var reader = panel.Factory.BearerClient(await panel.Factory.RequestTokenAsync(Ct, scope: TokenScopes.Read));
        // A rule for the calls with an id to find, so a refusal is not just "not found"; off, so no traffic is recorded meanwhile.
        var rule = await panel.Api.CreateRuleAsync(PanelApi.Rule(name: "Read-token target", externalPort: 18581, enabled: false), Ct);
        using (var warmUp = await reader.GetAsync("/api/rules", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }

        var before = await DatabaseRowsAsync(panel.Factory.DatabasePath);
        var wrong = new List<string>();
        var checkedCount = 0;
        foreach (var (method, pattern, _) in ApiEndpoints().Where(e => e.Method is not ("GET" or "HEAD")))
        {
            var name = Name(method, pattern);
            if (OpenOnPurpose.Contains(name))
            {
                continue;
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), UrlFor(pattern, (int)rule["id"]!));
            // A body that would be valid for the rules, so only the scope stands in the way there.
            request.Content = PanelApi.Json(PanelApi.Rule(name: "Changed by a read token", externalPort: 18582).ToJsonString());
            using var response = await reader.SendAsync(request, Ct);
            checkedCount++;
            var detail = response.StatusCode == HttpStatusCode.Forbidden ? (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["detail"] : null;
            if (response.StatusCode != HttpStatusCode.Forbidden || detail?.StartsWith("This token can only read;", StringComparison.Ordinal) != true)
            {
                wrong.Add($"{name} ({request.RequestUri}) answered {(int)response.StatusCode} {detail}");
            }
        }

        Assert.Empty(wrong);
        Assert.True(checkedCount > 20, $"Only {checkedCount} calls that change something were tried.");
        Assert.Equal(before, await DatabaseRowsAsync(panel.Factory.DatabasePath));
    }

    [Fact]
    public async Task A_read_token_may_use_every_read_but_the_admin_ones()
    {
        using var reader = panel.Factory.BearerClient(await panel.Factory.RequestTokenAsync(Ct, scope: TokenScopes.Read));
        var wrong = new List<string>();
        foreach (var (method, pattern, _) in ApiEndpoints().Where(e => e.Method == "GET"))
        {
            var name = Name(method, pattern);
            using var response = await reader.GetAsync(UrlFor(pattern), Ct);
            var expected = AdminOnlyReads.Contains(name) ? response.StatusCode == HttpStatusCode.Forbidden
                : response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
            if (!expected)
            {
                wrong.Add($"{name} answered {(int)response.StatusCode}");
            }
        }

        Assert.Empty(wrong);
    }

    /// <summary>Every row of every table, straight from the SQLite file; a token's last use is left out (reading notes it).</summary>
    private static async Task<List<string>> DatabaseRowsAsync(string databasePath)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var names = await list.ExecuteReaderAsync(Ct);
            while (await names.ReadAsync(Ct))
            {
                tables.Add(names.GetString(0));
            }
        }

        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                var values = Enumerable.Range(0, reader.FieldCount)
                    .Where(i => reader.GetName(i) != "LastUsedAt")
                    .Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
                rows.Add(table + " " + JsonSerializer.Serialize(values));
            }
        }

        return rows;
    }
}
