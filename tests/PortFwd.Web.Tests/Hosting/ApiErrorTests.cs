using System.Net;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>Errors under /api are problem+json with a sentence, whatever their cause.</summary>
public sealed class ApiErrorTests
{
    [Fact]
    public async Task A_request_without_sign_in_gets_problem_json_not_an_empty_body()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var panel = new PanelFactory();
        using var client = panel.AnonymousClient();

        using var response = await client.GetAsync(new Uri("/api/rules", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (int?)(await response.ReadObjectAsync(ct))["status"]);
    }

    [Fact]
    public async Task An_unexpected_error_is_500_problem_json_with_a_sentence_and_no_exception_text()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(ct));
        // A broken database file is an error nobody planned for: every read of the rules fails.
        PortFwd.Web.Tests.Api.PanelFactory.ReleaseDatabase(panel.DataDirectory);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={panel.DatabasePath}"))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE Rules RENAME TO RulesGone;";
            await command.ExecuteNonQueryAsync(ct);
        }

        using var response = await api.GetAsync(new Uri("/api/rules", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(PortFwd.Web.Hosting.ApiExceptionHandler.UnexpectedError, (string?)System.Text.Json.Nodes.JsonNode.Parse(body)!["detail"]);
        Assert.DoesNotContain("Rules", body, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }
}
