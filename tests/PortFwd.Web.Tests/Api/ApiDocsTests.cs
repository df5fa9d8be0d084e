using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PortFwd.Web.Tests.Api;

/// <summary>
/// The OpenAPI document and the API page: behind sign-in like the API, listing every /api call the app maps,
/// and served from the panel alone.
/// </summary>
public sealed partial class ApiDocsTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private const string DocumentUrl = "/openapi/v1.json";
    private const string PageUrl = "/api-docs";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_document_answers_401_problem_details_without_signing_in()
    {
        using var client = panel.Factory.AnonymousClient();

        using var response = await client.GetAsync(DocumentUrl, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (int)(await response.ReadObjectAsync(Ct))["status"]!);
    }

    [Fact]
    public async Task The_document_opens_with_a_token_and_with_the_sign_in_cookie()
    {
        using var withToken = await panel.Api.GetAsync(DocumentUrl, Ct);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal("PortFwd API", (string)(await withToken.ReadObjectAsync(Ct))["info"]!["title"]!);

        using var browser = panel.Factory.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);
        using var withCookie = await browser.GetAsync(DocumentUrl, Ct);
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
    }

    [Fact]
    public async Task The_document_lists_every_mapped_api_call()
    {
        var paths = (await ReadOpenApiAsync())["paths"]!.AsObject();
        var mapped = panel.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && !e.RoutePattern.RawText.Contains("**", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: DocumentPath(e.RoutePattern), Method: m)))
            .ToList();

        // Rules (list, create, one, update, delete, status), traffic, router (report, delete a mapping), tokens.
        Assert.True(mapped.Count >= 10, $"Only {mapped.Count} /api endpoints found: {string.Join(", ", mapped)}");
        Assert.All(mapped, call =>
        {
            Assert.True(paths.ContainsKey(call.Path), $"{call.Path} is not in the document; it has {string.Join(", ", paths.Select(p => p.Key))}.");
            Assert.True(paths[call.Path]!.AsObject().ContainsKey(call.Method.ToLowerInvariant()), $"{call.Method} {call.Path} is not in the document.");
        });
    }

    [Fact]
    public async Task Every_call_that_takes_a_body_documents_413_with_its_own_limit()
    {
        var paths = (await ReadOpenApiAsync())["paths"]!.AsObject();
        var withBody = paths.SelectMany(p => p.Value!.AsObject()
                .Where(o => o.Key is "post" or "put" or "patch")
                .Select(o => (Call: $"{o.Key.ToUpperInvariant()} {p.Key}", Responses: o.Value!["responses"]!.AsObject())))
            .ToList();

        Assert.True(withBody.Count >= 10, $"Only {withBody.Count} calls with a body in the document.");
        Assert.All(withBody, call => Assert.True(call.Responses.ContainsKey("413"), $"{call.Call} does not document 413."));
        string Limit(string call) => (string)withBody.Single(c => c.Call == call).Responses["413"]!["description"]!;
        Assert.Contains("at most 64 KiB", Limit("POST /api/rules"), StringComparison.Ordinal);
        Assert.Contains("at most 64 KiB", Limit("PUT /api/rules/{id}"), StringComparison.Ordinal);
        Assert.Contains("at most 16 MiB", Limit("POST /api/restore"), StringComparison.Ordinal);
        Assert.Contains("at most 1 MiB", Limit("POST /api/certificates"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rule_body_is_documented_with_ports_as_integers()
    {
        var document = await ReadOpenApiAsync();

        var body = Resolve(document, document["paths"]!["/api/rules"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!);
        foreach (var port in new[] { "externalPort", "externalPortEnd", "internalPort" })
        {
            var types = TypesOf(body["properties"]![port]!);
            Assert.Contains("integer", types);
            Assert.DoesNotContain("string", types);
        }

        Assert.Contains("string", TypesOf(body["properties"]!["name"]!));
    }

    [Theory]
    [InlineData("/api/rules", "post", "201", "RuleResponse")]
    [InlineData("/api/rules/{id}", "get", "200", "RuleResponse")]
    [InlineData("/api/rules/{id}", "put", "200", "RuleResponse")]
    [InlineData("/api/rules/{id}/status", "get", "200", "RuleStatusResponse")]
    [InlineData("/api/rules/{id}/traffic", "get", "200", "RuleTrafficResponse")]
    [InlineData("/api/router", "get", "200", "RouterReport")]
    [InlineData("/api/tokens", "post", "200", "TokenResponse")]
    public async Task Each_call_documents_its_answer(string path, string method, string status, string schema)
    {
        var document = await ReadOpenApiAsync();

        var content = document["paths"]![path]![method]!["responses"]![status]!["content"]!.AsObject();

        Assert.Equal($"#/components/schemas/{schema}", (string)content["application/json"]!["schema"]!["$ref"]!);
        Assert.True(document["components"]!["schemas"]!.AsObject().ContainsKey(schema));
    }

    [Theory]
    [InlineData("/api/rules", "post", "400")]
    [InlineData("/api/rules", "post", "409")]
    [InlineData("/api/rules/{id}", "get", "404")]
    [InlineData("/api/rules/{id}", "put", "404")]
    [InlineData("/api/rules/{id}", "delete", "404")]
    [InlineData("/api/rules/{id}/traffic", "get", "400")]
    [InlineData("/api/router/mappings/{protocol}/{port}", "delete", "409")]
    [InlineData("/api/tokens", "post", "401")]
    public async Task Each_refusal_is_documented_as_problem_details(string path, string method, string status)
    {
        var document = await ReadOpenApiAsync();

        var content = document["paths"]![path]![method]!["responses"]![status]!["content"]!.AsObject();

        Assert.True(content.ContainsKey("application/problem+json"), $"{method} {path} {status} has {string.Join(", ", content.Select(c => c.Key))}.");
    }

    [Fact]
    public async Task The_token_request_is_documented_and_open_while_every_other_call_needs_sign_in()
    {
        var document = await ReadOpenApiAsync();

        var tokens = document["paths"]!["/api/tokens"]!["post"]!;
        var request = Resolve(document, tokens["requestBody"]!["content"]!["application/json"]!["schema"]!);
        Assert.Equal(["code", "expiresInDays", "name", "password", "scope", "username"], request["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Null(tokens["security"]);

        var rules = document["paths"]!["/api/rules"]!["get"]!;
        Assert.NotNull(rules["security"]);
        Assert.NotNull(rules["responses"]!["401"]);
    }

    [Theory]
    [InlineData("RuleStatusResponse", "state", new[] { "active", "disabled", "error", "pending", "scheduled" })]
    [InlineData("RuleResponse", "protocol", new[] { "http", "tcp", "tcpudp", "udp" })]
    [InlineData("RouterReport", "state", new[] { "found", "not-found", "off", "searching" })]
    [InlineData("RouterMappingView", "protocol", new[] { "tcp", "udp" })]
    public async Task Enum_fields_list_their_wire_names(string schema, string property, string[] names)
    {
        var document = await ReadOpenApiAsync();

        var field = Resolve(document, document["components"]!["schemas"]![schema]!["properties"]![property]!);

        var values = Assert.IsType<JsonArray>(field["enum"], exactMatch: false).Select(v => (string)v!).Order(StringComparer.Ordinal);
        Assert.Equal(names, values);
    }

    [Fact]
    public void Enums_cross_the_json_edge_as_their_wire_names_and_never_as_numbers()
    {
        var options = panel.Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        Assert.Equal("\"active\"", JsonSerializer.Serialize(PortFwd.Web.Forwarding.RuleState.Active, options));
        Assert.Equal(PortFwd.Web.Forwarding.RuleState.Error, JsonSerializer.Deserialize<PortFwd.Web.Forwarding.RuleState>("\"error\"", options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PortFwd.Web.Forwarding.RuleState>("1", options));
    }

    [Fact]
    public void A_protocol_has_one_name_in_answers_in_rule_bodies_and_on_the_pages()
    {
        var options = panel.Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        Assert.All(Enum.GetValues<PortFwd.Core.Rules.Protocol>(), protocol =>
        {
            Assert.Equal($"\"{PortFwd.Core.Rules.ProtocolNames.ToName(protocol)}\"", JsonSerializer.Serialize(protocol, options));
            Assert.Equal(PortFwd.Core.Rules.ProtocolNames.ToName(protocol), PortFwd.Web.Hosting.JsonNames.ToJsonName(protocol));
        });
    }

    [Fact]
    public async Task The_api_page_needs_sign_in()
    {
        using var client = panel.Factory.AnonymousClient();

        using var response = await client.GetAsync(PageUrl, Ct);

        Assert.True(response.StatusCode is HttpStatusCode.Found or HttpStatusCode.Unauthorized, $"Got {(int)response.StatusCode}.");
        if (response.StatusCode == HttpStatusCode.Found)
        {
            Assert.StartsWith("/login", response.RedirectTarget(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_api_page_opens_signed_in_and_loads_nothing_from_outside_the_panel()
    {
        using var browser = panel.Factory.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        using var bare = await browser.GetAsync(PageUrl, Ct);
        Assert.EndsWith("api-docs/", bare.RedirectTarget(), StringComparison.Ordinal);
        using var response = await browser.GetAsync(PageUrl + "/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Empty(AbsoluteUrl().Matches(html).Select(m => m.Value));
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);

        // Its script is the one bundled with the panel, and the page's policy lets it reach nothing else.
        var script = ScriptSource().Match(html).Groups[1].Value;
        using var bundle = await browser.GetAsync(PageUrl + "/" + script, Ct);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Contains("javascript", bundle.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("'unsafe-eval'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_system_page_links_to_the_api_page()
    {
        using var browser = panel.Factory.BrowserClient();
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        using var response = await browser.GetAsync("/system", Ct);

        var link = (await response.ReadDocumentAsync(Ct)).QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "API reference");
        Assert.Equal(PageUrl + "/", link.GetAttribute("href"));
    }

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    private async Task<JsonObject> ReadOpenApiAsync()
    {
        using var response = await panel.Api.GetAsync(DocumentUrl, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadObjectAsync(Ct);
        return document;
    }

    /// <summary>A route as the document writes it: parameters without their constraints, no trailing slash.</summary>
    private static string DocumentPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternLiteralPart literal => literal.Content,
            _ => p.ToString(),
        }))));

    private static JsonNode Resolve(JsonObject document, JsonNode schema) =>
        schema["$ref"] is { } reference ? document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]! : schema;

    /// <summary>A schema's type or types (OpenAPI 3.1 writes a nullable one as an array).</summary>
    private static List<string> TypesOf(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => (string)t!).ToList(),
        { } one => [(string)one!],
        _ => [],
    };
}
