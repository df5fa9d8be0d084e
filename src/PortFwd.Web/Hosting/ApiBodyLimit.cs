using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace PortFwd.Web.Hosting;

/// <summary>A request body limit an endpoint names for itself (import, restore, certificate upload), instead of <see cref="ApiBodyLimit.DefaultBytes"/>.</summary>
internal sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

/// <summary>
/// Request bodies under <c>/api</c> are at most 64 KiB (a rule is well under 2 KiB) unless the endpoint says otherwise: a
/// larger body answers 413 before it is read, so nobody can make the panel buffer megabytes of JSON. Kestrel enforces the
/// same limit on bodies sent without a length (chunked) while they are read.
/// </summary>
internal static class ApiBodyLimit
{
    public const long DefaultBytes = 64 * 1024;

    /// <summary>Gives an endpoint its own body limit, in bytes.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new BodySizeLimit(bytes));

    /// <summary>The limit of the endpoint a request was routed to: its own, or <see cref="DefaultBytes"/>.</summary>
    public static long LimitFor(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultBytes;

    /// <summary>"64 KiB", "1 MiB": as the documentation writes the limits.</summary>
    public static string Size(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024):N0} MiB" : $"{bytes / 1024.0:0.#} KiB";

    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!ApiExceptionHandler.IsApi(context))
        {
            await next(context);
            return;
        }

        var limit = LimitFor(context);
        if (context.Request.ContentLength > limit)
        {
            await TypedResults.Problem(
                title: "The request body is too large",
                detail: $"This call takes a body of at most {Size(limit)}; this one has {context.Request.ContentLength:N0} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        await next(context);
    });
}
