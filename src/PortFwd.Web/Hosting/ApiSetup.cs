using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace PortFwd.Web.Hosting;

/// <summary>
/// The API's JSON rules, its OpenAPI document (<c>/openapi/v1.json</c>) and the interactive API page
/// (<see cref="ApiDocsPath"/>). Both pages sit behind sign-in like the API itself (the fallback policy).
/// </summary>
internal static class ApiSetup
{
    /// <summary>Where signed-in users read and try the API.</summary>
    public const string ApiDocsPath = "/api-docs";

    /// <summary>The API page itself (the page redirects <see cref="ApiDocsPath"/> here, so its scripts load relative to it).</summary>
    public const string ApiDocsPage = ApiDocsPath + "/";

    public const string DocumentPath = "/openapi/v1.json";

    private const string BearerScheme = "Bearer";

    /// <summary>How enums cross the JSON edge: kebab-case names unless a member names itself, never numbers.</summary>
    public static JsonStringEnumConverter EnumConverter() => new(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

    public static IServiceCollection AddPortFwdApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            // Numbers are numbers: "8080" in quotes is a mistake the caller should hear about, not a port.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // Enums cross the JSON edge as their wire names ("not-found", "tcp"), never as numbers.
            o.SerializerOptions.Converters.Add(EnumConverter());
        });

        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "PortFwd API",
                    Version = "v1",
                    Description = "Forwarding rules, their traffic and the home router. Sign in with a token from `POST /api/tokens` "
                        + "(send it as `Authorization: Bearer` and the token), or use the panel's own sign-in cookie.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A token from POST /api/tokens.",
                };
                return Task.CompletedTask;
            });

            o.AddOperationTransformer(DescribeJsonBodyAsync);

            // Every call but the token request needs a signed-in user; say so on each, with the 401 it answers otherwise.
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
                {
                    return Task.CompletedTask;
                }

                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                operation.Responses ??= [];
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Not signed in: no token, an unknown token, a revoked one or an expired one." });
                if (context.Description.HttpMethod is not ("GET" or "HEAD"))
                {
                    // Accounts/Tokens/TokenAuthorization: a read token may only send GET and HEAD, on every endpoint.
                    operation.Responses.TryAdd("403", new OpenApiResponse { Description = "A read token: it may only send GET and HEAD." });
                }

                return Task.CompletedTask;
            });

            o.AddOperationTransformer(DescribeBodyLimit);
        });
        return services;
    }

    /// <summary>
    /// Documents the JSON body of a handler that reads the request itself. <c>Accepts&lt;T&gt;</c> would document it
    /// too, but it also makes routing refuse other content types before the handler can answer them.
    /// </summary>
    public static RouteHandlerBuilder ReadsJsonBody<TBody>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new JsonBody(typeof(TBody)));

    private static async Task DescribeJsonBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonBody>().FirstOrDefault() is not { } body || context.Document is not { } document)
        {
            return;
        }

        var name = body.Type.Name;
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(body.Type, null, ct));
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) } },
        };
    }

    /// <summary>
    /// Every call that takes a body answers 413 when the body is over its limit (<see cref="ApiBodyLimit"/>, applied to all of
    /// <c>/api</c>): the document says so on each, with the limit of that call.
    /// </summary>
    private static Task DescribeBodyLimit(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.HttpMethod is not ("POST" or "PUT" or "PATCH"))
        {
            return Task.CompletedTask;
        }

        var limit = context.Description.ActionDescriptor.EndpointMetadata.OfType<IRequestSizeLimitMetadata>()
            .LastOrDefault()?.MaxRequestBodySize ?? ApiBodyLimit.DefaultBytes;
        var description = $"The body is larger than this call takes: at most {ApiBodyLimit.Size(limit)}. Nothing is changed.";
        operation.Responses ??= [];
        if (operation.Responses.TryGetValue("413", out var declared) && declared is OpenApiResponse response)
        {
            response.Description = description;
        }
        else
        {
            operation.Responses["413"] = new OpenApiResponse { Description = description };
        }

        return Task.CompletedTask;
    }

    /// <summary>Endpoint metadata: the type of the JSON body the handler reads itself.</summary>
    private sealed record JsonBody(Type Type);

    /// <summary>Maps the OpenAPI document and the API page; the fallback policy keeps both behind sign-in.</summary>
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal));
        app.MapScalarApiReference(ApiDocsPath, (options, context) => options
            .WithTitle("PortFwd API")
            .WithFavicon("/favicon.svg")
            .WithOpenApiRoutePattern(DocumentPath)
            // The page runs from the panel alone: its script is the one bundled in the package, served here; no
            // fonts, telemetry, AI chat, MCP or developer tools (share, SDK, deploy), which would reach out to the internet.
            .DisableDefaultFonts()
            .HideDeveloperTools()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .WithNonce(SecurityHeaders.Nonce(context)));
        return app;
    }
}
