using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Core.DynamicDns;
using PortFwd.Data.DynamicDns;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.DynamicDns;

/// <summary>One update as the API shows it (<c>lastResult</c>, and each entry of a name's history).</summary>
/// <param name="Time">When it was sent; null while the name is pending.</param>
/// <param name="Address">The address sent.</param>
/// <param name="Status"><c>good</c>, <c>nochg</c>, <c>stopped</c>, <c>retrying</c> or <c>pending</c>.</param>
/// <param name="Message">The provider's answer in plain words.</param>
public sealed record DdnsResultResponse(DateTimeOffset? Time, string? Address, string Status, string Message)
{
    public static DdnsResultResponse Pending { get; } = new(null, null, DdnsStatus.Pending.ToName(), "Not sent yet.");

    internal static DdnsResultResponse From(DdnsUpdate update) => new(update.Time, update.Address, update.Status.ToName(), update.Message);
}

/// <summary>A Dynamic DNS name as the API shows it: its settings, never its secrets (only whether they are set), and how it stands.</summary>
public sealed record DdnsResponse(
    int Id,
    string Provider,
    string Hostname,
    string? Username,
    string? Server,
    bool Ipv4,
    bool Ipv6,
    bool Enabled,
    DateOnly? ConfirmBy,
    bool PasswordSet,
    bool TokenSet,
    DdnsResultResponse LastResult,
    DateTimeOffset? NextCheckAt,
    IReadOnlyList<DdnsResultResponse>? History = null)
{
    internal static DdnsResponse From(DdnsName name, DdnsNameStatus status, IReadOnlyList<DdnsUpdate>? history = null) => new(
        name.Id,
        name.Provider.ToName(),
        name.HostName,
        name.Username,
        name.Server,
        name.Ipv4,
        name.Ipv6,
        name.Enabled,
        name.ConfirmBy,
        name.ProtectedPassword is not null,
        name.ProtectedToken is not null,
        status.LastUpdate is { } last ? DdnsResultResponse.From(last) : DdnsResultResponse.Pending,
        name.Enabled ? status.NextCheckAt : null,
        history?.Select(DdnsResultResponse.From).ToList());
}

/// <summary>The REST surface under <c>/api/ddns</c>: Dynamic DNS names, their results, and "update now".</summary>
/// <remarks>Secrets are write-only: a body may carry <c>password</c> or <c>token</c>; no answer ever does.</remarks>
internal static class DdnsEndpoints
{
    public static RouteGroupBuilder MapDdnsEndpoints(this IEndpointRouteBuilder app)
    {
        var ddns = app.MapGroup("/api/ddns").WithTags("Dynamic DNS").DisableAntiforgery();

        ddns.MapGet("", ListNamesAsync)
            .WithName("ListDdnsNames").WithSummary("List Dynamic DNS names")
            .WithDescription("Every saved name with its last result; passwords and tokens are never shown, only passwordSet and tokenSet.");
        ddns.MapGet("/{id:int}", GetNameAsync)
            .WithName("GetDdnsName").WithSummary("Get a Dynamic DNS name")
            .WithDescription("The name, its last result and its last 50 updates (newest first).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        ddns.MapPost("", CreateNameAsync)
            .WithName("CreateDdnsName").WithSummary("Add a Dynamic DNS name")
            .WithDescription("Saves a new name (provider noip, dynu, dyndns2, duckdns or cloudflare); when it is enabled its first update is sent at once. "
                + "Fields that fail validation answer 400 naming each field in errors.")
            .ReadsJsonBody<DdnsDraft>()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        ddns.MapPut("/{id:int}", UpdateNameAsync)
            .WithName("UpdateDdnsName").WithSummary("Change a Dynamic DNS name")
            .WithDescription("Replaces the name's settings. Leave password or token out to keep the stored one (it must be typed again when the "
                + "provider or server changes). A stopped name is tried again after its settings change.")
            .ReadsJsonBody<DdnsDraft>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        ddns.MapDelete("/{id:int}", DeleteNameAsync)
            .WithName("DeleteDdnsName").WithSummary("Delete a Dynamic DNS name").WithDescription("Deletes the name and its history; nothing is sent to the provider.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        ddns.MapPost("/{id:int}/update", UpdateNowAsync)
            .WithName("UpdateDdnsNameNow").WithSummary("Update a Dynamic DNS name now")
            .WithDescription("Sends one update now, even for a stopped name, and answers the provider's result. At most one update per name "
                + "a minute is sent: sooner answers retrying without sending.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return ddns;
    }

    public static async Task<Ok<IEnumerable<DdnsResponse>>> ListNamesAsync(DdnsStore store, DdnsUpdater updater, CancellationToken ct) =>
        TypedResults.Ok((await store.GetAllAsync(ct)).Select(n => DdnsResponse.From(n, updater.StatusOf(n.Id))));

    public static async Task<Results<Ok<DdnsResponse>, ProblemHttpResult>> GetNameAsync(int id, DdnsStore store, DdnsUpdater updater, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } name
            ? TypedResults.Ok(DdnsResponse.From(name, updater.StatusOf(id), await store.HistoryAsync(id, ct)))
            : NotFound(id);

    public static async Task<Results<Created<DdnsResponse>, ValidationProblem, ProblemHttpResult>> CreateNameAsync(
        HttpRequest request, DdnsStore store, DdnsUpdater updater, CancellationToken ct)
    {
        var body = await ReadDraftAsync(request, ct);
        if (!body.IsSuccess)
        {
            return JsonBodyReader.Refused<Created<DdnsResponse>>(body.Error, Invalid);
        }

        var saved = await store.CreateAsync(body.Value, ct);
        return saved.IsSuccess
            ? TypedResults.Created($"/api/ddns/{saved.Name.Id}", DdnsResponse.From(saved.Name, updater.StatusOf(saved.Name.Id)))
            : Failure<Created<DdnsResponse>>(saved, 0);
    }

    public static async Task<Results<Ok<DdnsResponse>, ValidationProblem, ProblemHttpResult>> UpdateNameAsync(
        int id, HttpRequest request, DdnsStore store, DdnsUpdater updater, CancellationToken ct)
    {
        var body = await ReadDraftAsync(request, ct);
        if (!body.IsSuccess)
        {
            return JsonBodyReader.Refused<Ok<DdnsResponse>>(body.Error, Invalid);
        }

        var saved = await store.UpdateAsync(id, body.Value, ct);
        return saved.IsSuccess ? TypedResults.Ok(DdnsResponse.From(saved.Name, updater.StatusOf(id))) : Failure<Ok<DdnsResponse>>(saved, id);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteNameAsync(int id, DdnsStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    public static async Task<Results<Ok<DdnsResultResponse>, ProblemHttpResult>> UpdateNowAsync(int id, DdnsUpdater updater, CancellationToken ct) =>
        await updater.UpdateNowAsync(id, ct) is { } update ? TypedResults.Ok(DdnsResultResponse.From(update)) : NotFound(id);

    private static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(title: "Dynamic DNS name not found", detail: $"There is no Dynamic DNS name with id {id}.", statusCode: StatusCodes.Status404NotFound);

    private static Results<TSaved, ValidationProblem, ProblemHttpResult> Failure<TSaved>(DdnsSaveResult result, int id)
        where TSaved : IResult => result.Outcome == DdnsSaveOutcome.NotFound ? NotFound(id) : Invalid(result.FieldErrors);

    private static ValidationProblem Invalid(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.ValidationProblem(errors, title: "The Dynamic DNS name has errors", detail: "Fix the fields listed in errors and try again.");

    private static Task<BodyRead<DdnsDraft>> ReadDraftAsync(HttpRequest request, CancellationToken ct) =>
        JsonBodyReader.ReadAsync<DdnsDraft>(request, "Dynamic DNS name", "{\"provider\": \"noip\", \"hostname\": \"home.ddns.net\", …}", WrongType, ct);

    private static string WrongType(JsonPropertyInfo property)
    {
        var type = JsonBodyReader.TypeOf(property);
        return type == typeof(bool) ? $"{property.Name} must be true or false."
            : type == typeof(DateOnly) ? $"{property.Name} must be a date in quotes, like \"2026-12-31\"."
            : $"{property.Name} must be text in quotes.";
    }
}
