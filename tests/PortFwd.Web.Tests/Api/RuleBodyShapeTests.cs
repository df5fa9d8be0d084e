using System.Net;
using System.Text.Json.Nodes;

namespace PortFwd.Web.Tests.Api;

/// <summary>
/// The API takes the rule's numbers as numbers only, and a body of the wrong shape is answered with a sentence under
/// the field it is about (or under <c>body</c> when the body is not a rule object at all), on create and on update alike.
/// </summary>
public sealed class RuleBodyShapeTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    public static TheoryData<string, string, string> WrongTypes() => new()
    {
        { "externalPort", "\"8080\"", "externalPort must be a number, like 8080." },
        { "internalPort", "\"80\"", "internalPort must be a number, like 80." },
        { "externalPortEnd", "\"8090\"", "externalPortEnd must be a number, like 8090." },
        { "externalPort", "8080.5", "externalPort must be a number, like 8080." },
        { "enabled", "\"yes\"", "enabled must be true or false." },
        { "name", "42", "name must be text in quotes." },
        { "allowedSources", "\"10.0.0.0/8\"", "allowedSources must be a list of text in quotes, like [\"192.168.1.0/24\"]." },
        { "hostNames", "[5]", "hostNames must be a list of text in quotes, like [\"nas.example.com\"]." },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_field_of_the_wrong_type_is_named_with_what_it_must_be_and_nothing_is_saved(string field, string json, string message)
    {
        var existing = await Api.CreateRuleAsync(PanelApi.Rule($"Kept {field} {json}", 30100, enabled: false), Ct);
        var rowsBefore = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);
        var body = PanelApi.Rule("Typed", 8080);
        body[field] = JsonNode.Parse(json);

        using var post = await Api.PostJsonAsync("/api/rules", body, Ct);
        using var put = await Api.PutJsonAsync($"/api/rules/{existing["id"]}", body, Ct);

        foreach (var response in new[] { post, put })
        {
            var errors = await ErrorsOfAsync(response);
            Assert.Equal([field], errors.Select(e => e.Key));
            Assert.Equal([message], errors[field]!.AsArray().Select(m => (string)m!));
        }

        Assert.Equal(rowsBefore, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
    }

    [Fact]
    public async Task A_port_written_as_text_is_refused_even_when_it_reads_as_a_number()
    {
        var countBefore = (await Api.ListRulesAsync(Ct)).Count;
        var body = PanelApi.Rule("Quoted port", 8484);
        body["externalPort"] = "8484";

        using var response = await Api.PostJsonAsync("/api/rules", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(countBefore, (await Api.ListRulesAsync(Ct)).Count);
        // The same body with the number as a number is saved.
        body["externalPort"] = 8484;
        await Api.CreateRuleAsync(body, Ct);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("[]")]
    [InlineData("\"a rule\"")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    public async Task A_body_that_is_not_an_object_is_told_to_be_one(string body)
    {
        using var response = await Api.PostAsync("/api/rules", PanelApi.Json(body), Ct);

        var errors = await ErrorsOfAsync(response);
        Assert.Equal(["body"], errors.Select(e => e.Key));
        Assert.StartsWith("The request body must be a JSON object with the rule's fields", (string)errors["body"]![0]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\": \"cut off\", ", "line 1, position 21")]
    [InlineData("{\n  \"name\": \"Web\",\n  \"externalPort\": 80 80\n}", "line 3, position 22")]
    [InlineData("not json at all", "line 1, position 2")]
    [InlineData("{\"name\": 'single quotes'}", "line 1, position 10")]
    public async Task Malformed_json_is_answered_with_where_it_breaks(string body, string where)
    {
        using var response = await Api.PostAsync("/api/rules", PanelApi.Json(body), Ct);

        var errors = await ErrorsOfAsync(response);
        Assert.Equal(["body"], errors.Select(e => e.Key));
        Assert.Equal($"The request body is not valid JSON: it breaks at {where}.", (string)errors["body"]![0]!);
    }

    /// <summary>A 400 problem's errors map.</summary>
    private static async Task<JsonObject> ErrorsOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
    }
}
