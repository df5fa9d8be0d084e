using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Security;

/// <summary>
/// Every API endpoint the panel maps answers 401 to a caller without credentials. The endpoints are read from the app
/// itself, so an endpoint added without sign-in fails here; the few that are open on purpose are listed by name.
/// </summary>
public sealed class ApiAuthenticationTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    /// <summary>Open without credentials on purpose: asking for a token is how a caller gets credentials.</summary>
    private static readonly string[] OpenOnPurpose = ["POST /api/tokens"];

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

    /// <summary>A URL the pattern matches: each parameter filled with a value its constraint takes.</summary>
    private static string UrlFor(RoutePattern pattern) => "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") ? "1" : "anything",
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
}
