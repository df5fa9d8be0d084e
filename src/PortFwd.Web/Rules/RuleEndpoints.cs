using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Data.Rules;
using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Rules;

/// <summary>The REST surface under <c>/api/rules</c>.</summary>
internal static class RuleEndpoints
{
    public static IEndpointRouteBuilder MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/rules").DisableAntiforgery();

        rules.MapGet("/", async (RuleStore store, CancellationToken ct) =>
            (await store.GetAllAsync(ct)).Select(RuleResponse.From));

        rules.MapGet("/{id:int}", async (int id, RuleStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } rule ? Results.Ok(RuleResponse.From(rule)) : NotFound(id));

        rules.MapPost("/", async (HttpRequest request, RuleStore store, PanelPorts panel, CancellationToken ct) =>
        {
            var (draft, problem) = await ReadDraftAsync(request, ct);
            if (problem is not null)
            {
                return problem;
            }

            var result = await store.CreateAsync(draft!, await panel.ValidationContextAsync(draft!, ct), ct);
            return result.IsSuccess
                ? Results.Created($"/api/rules/{result.Rule!.Id}", RuleResponse.From(result.Rule))
                : Failure(result, 0);
        });

        rules.MapPut("/{id:int}", async (int id, HttpRequest request, RuleStore store, PanelPorts panel, CancellationToken ct) =>
        {
            var (draft, problem) = await ReadDraftAsync(request, ct);
            if (problem is not null)
            {
                return problem;
            }

            var result = await store.UpdateAsync(id, draft!, await panel.ValidationContextAsync(draft!, ct), ct);
            return result.IsSuccess ? Results.Ok(RuleResponse.From(result.Rule!)) : Failure(result, id);
        });

        rules.MapDelete("/{id:int}", async (int id, RuleStore store, CancellationToken ct) =>
            await store.DeleteAsync(id, ct) ? Results.NoContent() : NotFound(id));

        rules.MapGet("/{id:int}/status", async (int id, RuleStore store, RuleStatusBoard statuses, HomeRouter.RouterStatusBoard router, CancellationToken ct) =>
        {
            var rule = await store.GetAsync(id, ct);
            if (rule is null)
            {
                return NotFound(id);
            }

            var status = statuses.Get(rule.Id, rule.Enabled);
            return Results.Ok(new RuleStatusResponse(status.StateName, status.Message, status.Listening, router.StatusFor(rule.Id)));
        });

        // GET /{id}/traffic is mapped by the traffic feature (Traffic/TrafficSetup.cs).

        app.Map("/api/{**rest}", () => Results.Problem(title: "Not found", detail: "There is no such API call.", statusCode: StatusCodes.Status404NotFound));
        return app;
    }

    private static IResult NotFound(int id) =>
        Results.Problem(title: "Rule not found", detail: $"There is no rule with id {id}.", statusCode: StatusCodes.Status404NotFound);

    private static IResult Failure(RuleSaveResult result, int id) => result.Outcome switch
    {
        RuleSaveOutcome.NotFound => NotFound(id),
        RuleSaveOutcome.Conflict => Results.Problem(
            title: "Port conflict",
            detail: result.Conflict!.Message,
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = result.FieldErrors,
                ["conflictingRuleId"] = result.Conflict.Other.Id,
            }),
        _ => Results.ValidationProblem(result.FieldErrors, title: "The rule has errors", detail: "Fix the fields listed in errors and try again."),
    };

    /// <summary>Reads the body ourselves so a malformed value becomes a field error rather than a bare 400.</summary>
    private static async Task<(RuleDraft? Draft, IResult? Problem)> ReadDraftAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(title: "Unsupported content type", detail: "Send the rule as JSON (Content-Type: application/json).",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var draft = await JsonSerializer.DeserializeAsync<RuleDraft>(request.Body, options, ct);
            return draft is null
                ? (null, Results.ValidationProblem(new Dictionary<string, string[]> { [""] = ["The body must be a rule object."] }))
                : (draft, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path ? FieldName(path.TrimStart('$', '.').Split('.', '[')[0], options) : "";
            var message = field.Length > 0
                ? $"The value of {field} has the wrong type (ports are numbers, lists are arrays of strings)."
                : "The body is not valid JSON.";
            return (null, Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The rule has errors"));
        }
    }

    /// <summary>The field's own name (camelCase, as in the rest of the errors map), however the client cased the property.</summary>
    private static string FieldName(string jsonName, JsonSerializerOptions options) =>
        options.GetTypeInfo(typeof(RuleDraft)).Properties
            .FirstOrDefault(p => string.Equals(p.Name, jsonName, StringComparison.OrdinalIgnoreCase))?.Name ?? jsonName;
}
