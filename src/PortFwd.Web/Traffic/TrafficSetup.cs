using Microsoft.Extensions.Options;
using PortFwd.Data.Rules;
using PortFwd.Web.Components;

namespace PortFwd.Web.Traffic;

/// <summary>Registers the traffic sampler, its sources, the history, pruning, the recorder that runs them, and /metrics; maps the traffic API and /metrics.</summary>
internal static class TrafficSetup
{
    public static IServiceCollection AddPortFwdTraffic(this IServiceCollection services)
    {
        services.AddSingleton<ITrafficSource, RelayTrafficSource>();
        services.AddSingleton<ITrafficSource, HttpTrafficSource>();
        services.AddSingleton<TrafficSampler>();
        services.AddSingleton<TrafficHistory>();
        services.AddSingleton<TrafficRetention>();
        services.AddHostedService<TrafficRecorder>();
        services.AddSingleton<TrafficMetrics>();
        // Per circuit: every page that shows a time shows it in the browser's zone.
        services.AddScoped<BrowserTimeZone>();
        return services;
    }

    public static IEndpointRouteBuilder MapTrafficEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rules/{id:int}/traffic", async (int id, string? range, RuleStore store, TrafficHistory history, CancellationToken ct) =>
        {
            range ??= TrafficRange.FiveMinutes.Name;
            if (TrafficRange.Find(range) is not { } known)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["range"] = [$"\"{range}\" is not a range; use one of {string.Join(", ", TrafficRange.All.Select(r => r.Name))}."],
                });
            }

            if (await store.GetAsync(id, ct) is null)
            {
                return Results.Problem(title: "Rule not found", detail: $"There is no rule with id {id}.", statusCode: StatusCodes.Status404NotFound);
            }

            return Results.Ok(RuleTrafficResponse.Create(await history.GetSeriesAsync(id, known, ct)));
        });

        // Anonymous at the endpoint level so an unauthenticated scraper gets 401 rather than the login page's redirect;
        // the handler itself checks the sign-in unless PortFwd:Traffic:MetricsRequireSignIn is false.
        app.MapGet("/metrics", async (HttpContext context, TrafficMetrics metrics, IOptions<TrafficOptions> options) =>
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
        }).AllowAnonymous();
        return app;
    }
}
