using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Data.Rules;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Connections;

/// <summary>
/// Who is connected to a rule (<c>GET /api/rules/{id}/connections</c>), closing one connection
/// (<c>DELETE /api/rules/{id}/connections/{connectionId}</c>) and the last refused attempts (<c>GET /api/rules/{id}/refused</c>).
/// </summary>
internal static class ConnectionEndpoints
{
    public static IEndpointRouteBuilder MapConnectionEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/rules/{id:int}").WithTags("Connections").DisableAntiforgery();

        rules.MapGet("/connections", ListConnectionsAsync)
            .WithName("ListRuleConnections").WithSummary("Who is connected")
            .WithDescription("The rule's open TCP connections and UDP sessions, oldest first: id, protocol (tcp or udp), the client's address "
                + "and port, the external port it came in on, since when, bytes in (client to service) and out, and the last activity. "
                + "HTTP rules list none: their requests are in the rule's traffic.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapDelete("/connections/{connectionId:long}", CloseConnectionAsync)
            .WithName("CloseRuleConnection").WithSummary("Close a connection")
            .WithDescription("Closes one connection of the rule: a TCP connection loses both legs (the client and the service see it end), "
                + "a UDP session is dropped (the client's next datagram starts a new one). 404 when the rule or the connection is not there (any more).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapGet("/refused", ListRefusedAsync)
            .WithName("ListRuleRefusedAttempts").WithSummary("Refused attempts")
            .WithDescription("The rule's last 100 refused attempts, newest first: the client's address, the time, and the reason "
                + "(blocked, notAllowed, tooManyConnections, tooManyFromSource or rateLimited). Kept while the panel runs.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<ConnectionResponse>>, ProblemHttpResult>> ListConnectionsAsync(
        int id, RuleStore store, RuleConnections connections, CancellationToken ct) =>
        await store.GetAsync(id, ct) is null ? RuleEndpoints.NotFound(id) : TypedResults.Ok(connections.List(id));

    public static async Task<Results<NoContent, ProblemHttpResult>> CloseConnectionAsync(
        int id, long connectionId, RuleStore store, RuleConnections connections, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null)
        {
            return RuleEndpoints.NotFound(id);
        }

        return connections.Close(id, connectionId)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Connection not found",
                detail: $"Rule {id} has no open connection with id {connectionId}; it may have ended already.", statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Ok<IReadOnlyList<RefusedAttemptResponse>>, ProblemHttpResult>> ListRefusedAsync(
        int id, RuleStore store, RuleConnections connections, CancellationToken ct) =>
        await store.GetAsync(id, ct) is null ? RuleEndpoints.NotFound(id) : TypedResults.Ok(connections.Refused(id));
}
