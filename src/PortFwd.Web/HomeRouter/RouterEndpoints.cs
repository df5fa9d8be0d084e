using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Nat;

namespace PortFwd.Web.HomeRouter;

/// <summary><c>GET /api/router</c> and deleting one of PortFwd's own mappings from the router.</summary>
internal static class RouterEndpoints
{
    public static RouteGroupBuilder MapRouterEndpoints(this IEndpointRouteBuilder app)
    {
        var router = app.MapGroup("/api/router").WithTags("Router").DisableAntiforgery();

        router.MapGet("", GetRouterAsync)
            .WithName("GetRouter").WithSummary("Router and its mappings")
            .WithDescription("The home router PortFwd found, its addresses, and every port mapping it holds, PortFwd's own and others'.");
        router.MapDelete("/mappings/{protocol}/{port:int}", DeleteMappingAsync)
            .WithName("DeleteRouterMapping").WithSummary("Delete a router mapping")
            .WithDescription("Deletes one of PortFwd's own mappings (protocol tcp or udp) from the router; another program's mapping, or a router that cannot be reached, answers 409.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return router;
    }

    public static async Task<Ok<RouterReport>> GetRouterAsync(RouterTable table, CancellationToken ct) =>
        TypedResults.Ok(await table.ReportAsync(ct));

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteMappingAsync(
        string protocol, int port, RouterTable table, CancellationToken ct)
    {
        if (!PortProtocolNames.TryParse(protocol, out var parsed))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["protocol"] = ["Use tcp or udp."] });
        }

        var deleted = await table.DeleteOurMappingAsync(parsed, port, ct);
        return deleted.IsSuccess
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Cannot delete the mapping", detail: deleted.Error.Message, statusCode: StatusCodes.Status409Conflict);
    }
}
