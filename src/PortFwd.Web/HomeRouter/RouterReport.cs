using System.Globalization;
using PortFwd.Nat;

namespace PortFwd.Web.HomeRouter;

/// <summary>One mapping on the router, as the router page and <c>GET /api/router</c> show it.</summary>
public sealed record RouterMappingView(
    string Protocol,
    int ExternalPort,
    string InternalClient,
    int InternalPort,
    string Description,
    bool Ours,
    int? RuleId,
    DateTimeOffset? ExpiresAt,
    bool Enabled,
    string? RemoteHost);

/// <summary>The router and every mapping it holds (<c>GET /api/router</c>).</summary>
public sealed record RouterReport(
    RouterState State,
    string Message,
    string? Protocol,
    string? Name,
    string? RouterAddress,
    string? LocalAddress,
    string? ExternalAddress,
    string? ConnectionStatus,
    string? Warning,
    DateTimeOffset CheckedAt,
    IReadOnlyList<RouterMappingView> Mappings,
    string? MappingsError)
{
    internal static RouterReport From(RouterSnapshot s, IReadOnlyList<RouterMappingView> mappings, string? mappingsError) => new(
        s.State,
        s.Message,
        s.Protocol?.ToDisplayName(),
        s.Name,
        s.RouterAddress?.ToString(),
        s.LocalAddress?.ToString(),
        s.ExternalAddress?.ToString(),
        s.ConnectionStatus,
        s.Warning,
        s.CheckedAt,
        mappings,
        mappingsError);
}

/// <summary><c>GET /api/router</c> and deleting one of PortFwd's own mappings.</summary>
internal static class RouterEndpoints
{
    public static IEndpointRouteBuilder MapRouterEndpoints(this IEndpointRouteBuilder app)
    {
        var router = app.MapGroup("/api/router").DisableAntiforgery();
        router.MapGet("/", async (RouterTable table, CancellationToken ct) => Results.Ok(await table.ReportAsync(ct)));
        router.MapDelete("/mappings/{protocol}/{port:int}", async (string protocol, int port, RouterTable table, CancellationToken ct) =>
        {
            if (!PortProtocolNames.TryParse(protocol, out var parsed))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["protocol"] = ["Use tcp or udp."] });
            }

            var deleted = await table.DeleteOurMappingAsync(parsed, port, ct);
            return deleted.IsSuccess
                ? Results.NoContent()
                : Results.Problem(title: "Cannot delete the mapping", detail: deleted.Error.Message, statusCode: StatusCodes.Status409Conflict);
        });
        return app;
    }

    public static string Format(DateTimeOffset? at) =>
        at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
}
