using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Core.Blocklist;
using PortFwd.Data.Blocklist;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Blocklist;

/// <summary>A blocklist entry as the API shows it.</summary>
/// <param name="Address">The address or network, normalized ("203.0.113.7", "198.51.100.0/24").</param>
/// <param name="ExpiresAt">When the block ends and the entry goes; null blocks until it is deleted.</param>
/// <param name="BlockedCount">Attempts refused because of this entry since the panel started (TCP connections, UDP datagrams, HTTP requests).</param>
public sealed record BlocklistEntryResponse(int Id, string Address, string? Note, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, long BlockedCount)
{
    internal static BlocklistEntryResponse From(BlockedEntry blocked) =>
        new(blocked.Entry.Id, blocked.Entry.Network, blocked.Entry.Note, blocked.Entry.ExpiresAt, blocked.Entry.CreatedAt, blocked.BlockedCount);

    internal static BlocklistEntryResponse From(BlocklistEntry entry) => new(entry.Id, entry.Network, entry.Note, entry.ExpiresAt, entry.CreatedAt, 0);
}

/// <summary>The REST surface under <c>/api/blocklist</c>: the global blocklist, checked before every rule's allow-list.</summary>
internal static class BlocklistEndpoints
{
    public static RouteGroupBuilder MapBlocklistEndpoints(this IEndpointRouteBuilder app)
    {
        var blocklist = app.MapGroup("/api/blocklist").WithTags("Blocklist").DisableAntiforgery();

        blocklist.MapGet("", ListEntriesAsync)
            .WithName("ListBlocklist").WithSummary("List blocked addresses")
            .WithDescription("Every address and network on the blocklist, oldest first, with how many attempts each has refused since the panel started.");
        blocklist.MapPost("", AddEntryAsync)
            .WithName("AddBlocklistEntry").WithSummary("Block an address or network")
            .WithDescription("Blocks an address or CIDR network on every rule at once, before each rule's allow-list: new TCP connections are reset, "
                + "UDP datagrams dropped, HTTP requests answered 403, and live connections from it are closed. Optional note (up to 200 characters) and "
                + "expiresAt (in the future; the entry goes then). Fields that fail validation answer 400 naming each field in errors; an address "
                + "already on the list answers 409.")
            .ReadsJsonBody<BlocklistDraft>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        blocklist.MapDelete("/{id:int}", DeleteEntryAsync)
            .WithName("DeleteBlocklistEntry").WithSummary("Unblock an address or network").WithDescription("Deletes the entry; the address is let in again at once.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return blocklist;
    }

    public static async Task<Ok<IEnumerable<BlocklistEntryResponse>>> ListEntriesAsync(BlocklistService blocklist, CancellationToken ct) =>
        TypedResults.Ok((await blocklist.ListAsync(ct)).Select(BlocklistEntryResponse.From));

    public static async Task<Results<Created<BlocklistEntryResponse>, ValidationProblem, ProblemHttpResult>> AddEntryAsync(
        HttpRequest request, BlocklistService blocklist, CancellationToken ct)
    {
        var body = await JsonBodyReader.ReadAsync<BlocklistDraft>(request, "blocklist entry", "{\"address\": \"203.0.113.7\", \"note\": \"scanner\"}", WrongType, ct);
        if (!body.IsSuccess)
        {
            return JsonBodyReader.Refused<Created<BlocklistEntryResponse>>(body.Error, Invalid);
        }

        var added = await blocklist.AddAsync(body.Value, ct);
        return added.Outcome switch
        {
            BlocklistAddOutcome.Added => TypedResults.Created($"/api/blocklist/{added.Entry!.Id}", BlocklistEntryResponse.From(added.Entry)),
            BlocklistAddOutcome.Duplicate => TypedResults.Problem(title: "Already blocked", detail: string.Join(" ", added.FieldErrors.SelectMany(e => e.Value)),
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["errors"] = added.FieldErrors }),
            _ => Invalid(added.FieldErrors),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteEntryAsync(int id, BlocklistService blocklist, CancellationToken ct) =>
        await blocklist.DeleteAsync(id, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Blocklist entry not found", detail: $"There is no blocklist entry with id {id}.", statusCode: StatusCodes.Status404NotFound);

    private static ValidationProblem Invalid(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.ValidationProblem(errors, title: "The blocklist entry has errors", detail: "Fix the fields listed in errors and try again.");

    private static string WrongType(JsonPropertyInfo property) =>
        JsonBodyReader.TypeOf(property) == typeof(DateTimeOffset)
            ? $"{property.Name} must be a date and time in quotes, like \"2026-12-31T18:00:00Z\"."
            : $"{property.Name} must be text in quotes.";
}
