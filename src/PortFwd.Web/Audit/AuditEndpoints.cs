using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Data.Audit;

namespace PortFwd.Web.Audit;

/// <summary>
/// An audit entry as the API shows it; before and after are the item's JSON (secrets masked), or null. Token is the name of
/// the API token the change was made with (via "token"), never its secret; null otherwise.
/// </summary>
public sealed record AuditEntryResponse(
    long Id, DateTimeOffset At, string Actor, string Via, string? Token, string? ClientAddress, string Action, string Target, JsonElement? Before, JsonElement? After)
{
    public static AuditEntryResponse From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Id, entry.At, entry.Actor, entry.Via, entry.Token, entry.ClientAddress, entry.Action, entry.Target, Parse(entry.Before), Parse(entry.After));
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}

/// <summary><c>GET /api/audit</c>: the audit log, newest first, filtered by time, action and user.</summary>
internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit log");

        audit.MapGet("", ReadAsync)
            .WithName("GetAuditLog").WithSummary("Audit log")
            .WithDescription("Who changed what, newest first. from and to are ISO 8601 times (from inclusive, to exclusive); action is an action "
                + "or its first part (rule finds rule.create, rule.update…); actor is a user name; limit is 1 to 1000 (100 when left out); "
                + "before is an entry id, to read on from the last entry of a page. A bad value answers 400 naming the field.");
        return audit;
    }

    public static async Task<Results<Ok<IEnumerable<AuditEntryResponse>>, ValidationProblem>> ReadAsync(
        string? from, string? to, string? action, string? actor, string? limit, string? before, AuditStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = Parse(from, to, action, actor, limit, before, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query has errors", detail: "Fix the fields listed in errors and try again.");
        }

        return TypedResults.Ok((await store.ReadAsync(query, ct)).Select(AuditEntryResponse.From));
    }

    private static AuditQuery Parse(string? from, string? to, string? action, string? actor, string? limit, string? before, Dictionary<string, string[]> errors)
    {
        var start = Time(nameof(from), from, errors);
        var end = Time(nameof(to), to, errors);
        if (start is { } s && end is { } e && e <= s)
        {
            errors[nameof(to)] = ["to must be later than from."];
        }

        var count = AuditQuery.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > AuditQuery.MaxLimit))
        {
            errors[nameof(limit)] = [$"limit must be a whole number from 1 to {AuditQuery.MaxLimit}; \"{limit}\" is not."];
        }

        if (action is not null && (action.Length is 0 or > AuditEntry.MaxActionLength || !action.All(c => c is (>= 'a' and <= 'z') or '.')))
        {
            errors[nameof(action)] = ["action is an action such as rule.update, or its first part such as rule (lower-case letters and dots)."];
        }

        long? olderThan = null;
        if (before is not null)
        {
            if (long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                olderThan = id;
            }
            else
            {
                errors[nameof(before)] = ["before must be an entry id (a whole number above 0)."];
            }
        }

        return new AuditQuery(start, end, action, string.IsNullOrWhiteSpace(actor) ? null : actor.Trim(), count, olderThan);
    }

    /// <summary>An ISO 8601 time (<c>2026-12-01T10:00:00Z</c>, or a date); one without an offset is UTC.</summary>
    private static DateTimeOffset? Time(string field, string? text, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];
        if (DateTimeOffset.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        errors[field] = [$"{field} must be an ISO 8601 time such as 2026-12-01T10:00:00Z; \"{text}\" is not."];
        return null;
    }
}
