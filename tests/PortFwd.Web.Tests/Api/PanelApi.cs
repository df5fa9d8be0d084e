using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace PortFwd.Web.Tests.Api;

/// <summary>Calls the panel's API as automation does: a token from <c>POST /api/tokens</c>, then bearer requests.</summary>
public static class PanelApi
{
    public static HttpClient AnonymousClient(this WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = factory.ClientOptions.BaseAddress,
            AllowAutoRedirect = false,
            HandleCookies = false,
        });

    /// <param name="scope">"read" or "admin"; null asks for the default (admin).</param>
    public static async Task<string> RequestTokenAsync(this WebApplicationFactory<Program> factory, CancellationToken ct,
        string user = PanelFactory.AdminUser, string password = PanelFactory.AdminPassword, string? scope = null)
    {
        using var client = factory.AnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = user, password, scope }, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        return (string)body!["token"]!;
    }

    public static HttpClient BearerClient(this WebApplicationFactory<Program> factory, string token)
    {
        var client = factory.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A valid rule body; change what a test is about.</summary>
    public static JsonObject Rule(string name = "Web server", int externalPort = 8080, string protocol = "tcp", bool enabled = true) => new()
    {
        ["name"] = name,
        ["protocol"] = protocol,
        ["externalPort"] = externalPort,
        ["internalHost"] = "192.168.1.20",
        ["internalPort"] = 80,
        ["enabled"] = enabled,
        ["openOnRouter"] = false,
        ["allowedSources"] = new JsonArray(),
        ["description"] = "test rule",
    };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, JsonNode body, CancellationToken ct) =>
        client.PostAsync(url, Json(body.ToJsonString()), ct);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, JsonNode body, CancellationToken ct) =>
        client.PutAsync(url, Json(body.ToJsonString()), ct);

    public static StringContent Json(string text) => new(text, System.Text.Encoding.UTF8, "application/json");

    public static async Task<JsonObject> CreateRuleAsync(this HttpClient client, JsonObject body, CancellationToken ct)
    {
        using var response = await client.PostJsonAsync("/api/rules", body, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
    }

    /// <summary>Downloads a backup (<c>GET /api/backup</c>, or <c>POST</c> with the passphrase that seals its secrets) as a file.</summary>
    public static async Task<string> DownloadBackupAsync(this HttpClient client, CancellationToken ct, string? passphrase = null)
    {
        using var response = passphrase is null
            ? await client.GetAsync("/api/backup", ct)
            : await client.PostJsonAsync("/api/backup", new JsonObject { ["passphrase"] = passphrase }, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("attachment; filename=\"portfwd-backup-", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public static async Task<JsonArray> ListRulesAsync(this HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("/api/rules", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>(ct))!;
    }

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response, CancellationToken ct) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;

    /// <summary>Every row of the Rules table, read straight from the SQLite file, one line per row.</summary>
    public static async Task<List<string>> ReadRuleRowsAsync(string databasePath, CancellationToken ct)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM Rules ORDER BY Id";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(JsonSerializer.Serialize(values.Select(v => v is DBNull ? null : v.ToString())));
        }

        return rows;
    }
}
