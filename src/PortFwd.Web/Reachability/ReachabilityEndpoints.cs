using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Data.Rules;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Reachability;

/// <summary>One step of a check as the API answers it.</summary>
public sealed record CheckStepResponse(CheckStepName Name, CheckStepStatus Status, string Message, string? Fix);

/// <summary>A rule's reachability check as the API answers it.</summary>
/// <param name="Reachable">True when the internet reached the rule, false when a link is broken, null when not known (or still running).</param>
/// <param name="Running">True while steps are still being checked.</param>
/// <param name="Summary">The verdict in a few words, as the rule's row shows it.</param>
public sealed record ReachabilityResponse(int RuleId, DateTimeOffset CheckedAt, bool? Reachable, bool Running, string Summary, IReadOnlyList<CheckStepResponse> Steps)
{
    public static ReachabilityResponse From(ReachabilityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.RuleId, report.CheckedAt, report.Reachable, !report.Finished, report.Summary,
            [.. report.Steps.Select(s => new CheckStepResponse(s.Name, s.Status, s.Message, s.Fix))]);
    }
}

/// <summary><c>/api/rules/{id}/check</c>: run a rule's reachability check, or read its last one.</summary>
internal static class ReachabilityEndpoints
{
    public static IEndpointRouteBuilder MapReachabilityEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/rules").WithTags("Rules").DisableAntiforgery();
        rules.MapPost("/{id:int}/check", CheckAsync)
            .WithName("CheckRule").WithSummary("Check whether the internet can reach a rule")
            .WithDescription("Checks the whole way in, in order: the service answers, PortFwd listens, the router forwards the port to this machine, "
                + "no other NAT stands in front of the router, an outside probe connects (PortFwd:Reachability:ProbeUrl), and Dynamic DNS names "
                + "point at the public address. Answers when every step has answered (at most PortFwd:Reachability:TimeoutSeconds). A check already "
                + "running on the rule is joined; 429 when too many checks of other rules are running.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        rules.MapGet("/{id:int}/check", GetLastCheckAsync)
            .WithName("GetRuleCheck").WithSummary("A rule's last reachability check")
            .WithDescription("The check running on the rule (its steps so far) or the last one since PortFwd started.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<ReachabilityResponse>, ProblemHttpResult>> CheckAsync(
        int id, RuleStore store, ReachabilityChecker checker, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } rule)
        {
            return RuleEndpoints.NotFound(id);
        }

        if (!checker.TryStart(rule, out var check))
        {
            return TypedResults.Problem(title: "Too many checks", detail: "Other rules' reachability checks are running; try again in a few seconds.",
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        return TypedResults.Ok(ReachabilityResponse.From(await check.WaitAsync(ct)));
    }

    public static async Task<Results<Ok<ReachabilityResponse>, ProblemHttpResult>> GetLastCheckAsync(
        int id, RuleStore store, ReachabilityBoard board, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null)
        {
            return RuleEndpoints.NotFound(id);
        }

        return board.Get(id) is { } report
            ? TypedResults.Ok(ReachabilityResponse.From(report))
            : TypedResults.Problem(title: "Not checked yet", detail: $"No reachability check has run on rule {id} since PortFwd started.", statusCode: StatusCodes.Status404NotFound);
    }
}
