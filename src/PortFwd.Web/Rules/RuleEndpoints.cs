using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Core.Rules;
using PortFwd.Data.Rules;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Rules;

/// <summary>The REST surface under <c>/api/rules</c>: saved rules and what each is doing.</summary>
/// <remarks>
/// Not-found, conflict and unsupported-body answers are problem details (<see cref="ProblemHttpResult"/>), so
/// each endpoint names their status codes for the OpenAPI document. The rule body is read here, not bound by
/// the framework, so a body of the wrong shape is answered field by field (<see cref="ReadDraftAsync"/>).
/// </remarks>
internal static class RuleEndpoints
{
    public static RouteGroupBuilder MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/rules").WithTags("Rules").DisableAntiforgery();

        rules.MapGet("", ListRulesAsync)
            .WithName("ListRules").WithSummary("List rules").WithDescription("Every saved rule, by external port.");
        rules.MapGet("/{id:int}", GetRuleAsync)
            .WithName("GetRule").WithSummary("Get a rule")
            .ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapPost("", CreateRuleAsync)
            .WithName("CreateRule").WithSummary("Add a rule")
            .WithDescription("Saves a new rule; when it is enabled its forwarding starts at once. A body of the wrong shape, or fields that "
                + "fail validation, answer 400 naming each field in errors; a port another rule uses answers 409.")
            .ReadsJsonBody<RuleDraft>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        rules.MapPut("/{id:int}", UpdateRuleAsync)
            .WithName("UpdateRule").WithSummary("Change a rule")
            .WithDescription("Replaces every field of the rule (send all of them); its forwarding follows at once. Errors as for adding a rule.")
            .ReadsJsonBody<RuleDraft>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        rules.MapDelete("/{id:int}", DeleteRuleAsync)
            .WithName("DeleteRule").WithSummary("Delete a rule").WithDescription("Deletes the rule and stops its forwarding.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapGet("/{id:int}/status", GetRuleStatusAsync)
            .WithName("GetRuleStatus").WithSummary("Rule status")
            .WithDescription("What the rule is doing right now: active, pending, scheduled (off by its schedule, with until when), disabled or error (with why), where it listens, and its router mapping.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // GET /{id}/traffic belongs to the traffic feature (Traffic/TrafficEndpoints.cs).
        return rules;
    }

    public static async Task<Ok<IEnumerable<RuleResponse>>> ListRulesAsync(RuleStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.GetAllAsync(ct)).Select(RuleResponse.From));

    public static async Task<Results<Ok<RuleResponse>, ProblemHttpResult>> GetRuleAsync(int id, RuleStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } rule ? TypedResults.Ok(RuleResponse.From(rule)) : NotFound(id);

    public static async Task<Results<Created<RuleResponse>, ValidationProblem, ProblemHttpResult>> CreateRuleAsync(
        HttpRequest request, RuleStore store, PanelPorts panel, CancellationToken ct)
    {
        var body = await ReadDraftAsync(request, ct);
        if (!body.IsSuccess)
        {
            return Refused<Created<RuleResponse>>(body.Error);
        }

        var result = await store.CreateAsync(body.Value, await panel.ValidationContextAsync(body.Value, ct), ct);
        return result.IsSuccess
            ? TypedResults.Created($"/api/rules/{result.Value.Id}", RuleResponse.From(result.Value))
            : Failure<Created<RuleResponse>>(result.Error, 0);
    }

    public static async Task<Results<Ok<RuleResponse>, ValidationProblem, ProblemHttpResult>> UpdateRuleAsync(
        int id, HttpRequest request, RuleStore store, PanelPorts panel, CancellationToken ct)
    {
        var body = await ReadDraftAsync(request, ct);
        if (!body.IsSuccess)
        {
            return Refused<Ok<RuleResponse>>(body.Error);
        }

        var result = await store.UpdateAsync(id, body.Value, await panel.ValidationContextAsync(body.Value, ct), ct);
        return result.IsSuccess ? TypedResults.Ok(RuleResponse.From(result.Value)) : Failure<Ok<RuleResponse>>(result.Error, id);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteRuleAsync(int id, RuleStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    public static async Task<Results<Ok<RuleStatusResponse>, ProblemHttpResult>> GetRuleStatusAsync(
        int id, RuleStore store, RuleStatusBoard statuses, HomeRouter.RouterStatusBoard router, CancellationToken ct)
    {
        var rule = await store.GetAsync(id, ct);
        if (rule is null)
        {
            return NotFound(id);
        }

        var status = statuses.Get(rule.Id, rule.Enabled);
        return TypedResults.Ok(new RuleStatusResponse(status.State, status.Message, status.Listening, router.StatusFor(rule.Id)));
    }

    /// <summary>The answer for a rule id that is not saved (also used by the traffic endpoint).</summary>
    public static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(title: "Rule not found", detail: $"There is no rule with id {id}.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>A save that did not happen: the rule is gone, its port is taken, or its fields are wrong.</summary>
    private static Results<TSaved, ValidationProblem, ProblemHttpResult> Failure<TSaved>(RuleSaveError error, int id)
        where TSaved : IResult => error switch
    {
        { Kind: RuleSaveErrorKind.NotFound } => NotFound(id),
        { Kind: RuleSaveErrorKind.Conflict, Conflict: { } conflict } => TypedResults.Problem(
            title: "Port conflict",
            detail: conflict.Message,
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = error.FieldErrors,
                ["conflictingRuleId"] = conflict.Other.Id,
            }),
        _ => Invalid(error.FieldErrors),
    };

    private static Results<TSaved, ValidationProblem, ProblemHttpResult> Refused<TSaved>(BodyError error)
        where TSaved : IResult => JsonBodyReader.Refused<TSaved>(error, Invalid);

    private static ValidationProblem Invalid(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.ValidationProblem(errors, title: "The rule has errors", detail: "Fix the fields listed in errors and try again.");

    private static Task<BodyRead<RuleDraft>> ReadDraftAsync(HttpRequest request, CancellationToken ct) =>
        JsonBodyReader.ReadAsync<RuleDraft>(request, "rule", "{\"name\": \"Web server\", \"externalPort\": 8080, …}", WrongType, ct);

    /// <summary>What a field of the wrong type must be, in words and with an example.</summary>
    private static string WrongType(JsonPropertyInfo property)
    {
        var field = property.Name;
        var type = JsonBodyReader.TypeOf(property);
        if (type == typeof(int))
        {
            var example = field switch
            {
                RuleFields.InternalPort or RuleFields.HttpPort => 80,
                RuleFields.ExternalPortEnd => 8090,
                RuleFields.CertificateId => 1,
                RuleFields.MaxConnections => 100,
                RuleFields.MaxConnectionsPerSource => 4,
                RuleFields.RateLimitInKBps or RuleFields.RateLimitOutKBps => 1024,
                _ => 8080,
            };
            return $"{field} must be a number, like {example}.";
        }

        if (type == typeof(bool))
        {
            return $"{field} must be true or false.";
        }

        if (type == typeof(string))
        {
            return $"{field} must be text in quotes.";
        }

        if (type == typeof(RuleScheduleDraft))
        {
            return $"{field} must be null (always on) or an object like {{\"days\": [\"mon\", \"fri\"], \"from\": \"18:00\", \"to\": \"23:30\"}}: days a list, from and to text as HH:mm.";
        }

        var item = field == RuleFields.HostNames ? "nas.example.com" : "192.168.1.0/24";
        return $"{field} must be a list of text in quotes, like [\"{item}\"].";
    }
}
