using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PortFwd.Data.Rules;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Traffic;

/// <summary>A rule's traffic over a range (<c>GET /api/rules/{id}/traffic</c>) and every rule's counters for Prometheus (<c>/metrics</c>).</summary>
internal static class TrafficEndpoints
{
    public static IEndpointRouteBuilder MapTrafficEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rules/{id:int}/traffic", GetRuleTrafficAsync)
            .WithName("GetRuleTraffic").WithTags("Traffic").WithSummary("Rule traffic")
            .WithDescription("The rule's traffic over a range (range = 5m, 1h, 24h or 7d; 5m when left out): totals, and the buckets that saw traffic.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Anonymous at the endpoint level so an unauthenticated scraper gets 401 rather than the login page's redirect;
        // the handler itself checks the sign-in unless PortFwd:Traffic:MetricsRequireSignIn is false.
        app.MapGet("/metrics", WriteMetricsAsync)
            .WithName("GetMetrics").WithTags("Traffic").WithSummary("Prometheus metrics")
            .WithDescription("Every rule's counters in the Prometheus text format. Needs a signed-in user unless PortFwd:Traffic:MetricsRequireSignIn is false.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<string>(StatusCodes.Status401Unauthorized, "text/plain")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<RuleTrafficResponse>, ValidationProblem, ProblemHttpResult>> GetRuleTrafficAsync(
        int id, string? range, RuleStore store, TrafficHistory history, CancellationToken ct)
    {
        range ??= TrafficRange.FiveMinutes.Name;
        if (TrafficRange.Find(range) is not { } known)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["range"] = [$"\"{range}\" is not a range; use one of {string.Join(", ", TrafficRange.All.Select(r => r.Name))}."],
            });
        }

        if (await store.GetAsync(id, ct) is null)
        {
            return RuleEndpoints.NotFound(id);
        }

        return TypedResults.Ok(RuleTrafficResponse.Create(await history.GetSeriesAsync(id, known, ct)));
    }

    public static async Task WriteMetricsAsync(HttpContext context, TrafficMetrics metrics, IOptions<TrafficOptions> options)
    {
        if (options.Value.MetricsRequireSignIn && context.User.Identity?.IsAuthenticated != true)
        {
            // A scraper gets a plain 401, not the panel's "not found" page or a redirect to the login page.
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsync("Sign in: send Authorization: Bearer <token from POST /api/tokens>.\n");
            return;
        }

        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await metrics.WriteAsync(context.Response.Body, context.RequestAborted);
    }
}
