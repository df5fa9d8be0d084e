using Microsoft.AspNetCore.Http.HttpResults;

namespace PortFwd.Web.Accounts.Sessions;

/// <summary>How many browsers a "sign out everywhere else" signed out.</summary>
public sealed record SessionsEndedResponse(int Ended);

/// <summary>
/// The REST surface under <c>/api/sessions</c>: the signed-in user's browsers, and signing them out. A session is named by
/// its id only; the key its cookie carries is never shown.
/// </summary>
internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions").WithTags("Accounts").DisableAntiforgery();

        sessions.MapGet("", ListAsync)
            .WithName("ListSessions").WithSummary("Signed-in browsers")
            .WithDescription("The browsers signed in to the panel as this user, the most recently seen first: when each signed in and was last seen "
                + "(to the minute), its address and User-Agent, the User-Agent in words (device), and current = the browser asking.");
        sessions.MapDelete("/{id:int}", EndAsync)
            .WithName("EndSession").WithSummary("Sign a browser out")
            .WithDescription("Ends the session: that browser's next request is refused and its open pages return to the sign-in page. 404 when there is no such session.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapDelete("", EndOthersAsync)
            .WithName("EndOtherSessions").WithSummary("Sign out everywhere else")
            .WithDescription("Ends every session of this user except the asking browser's (with a bearer token: every session); answers how many ended.");
        return sessions;
    }

    public static async Task<Results<Ok<IEnumerable<SessionInfo>>, UnauthorizedHttpResult>> ListAsync(HttpContext http, PanelSessions sessions, CancellationToken ct) =>
        AccountClaims.AccountId(http.User) is { } accountId
            ? TypedResults.Ok<IEnumerable<SessionInfo>>(await sessions.ListAsync(accountId, http.User, ct))
            : TypedResults.Unauthorized();

    public static async Task<Results<NoContent, ProblemHttpResult, UnauthorizedHttpResult>> EndAsync(int id, HttpContext http, PanelSessions sessions, CancellationToken ct)
    {
        if (AccountClaims.AccountId(http.User) is not { } accountId)
        {
            return TypedResults.Unauthorized();
        }

        return await sessions.EndAsync(accountId, id, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Session not found", detail: $"There is no signed-in browser with id {id}.", statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Ok<SessionsEndedResponse>, UnauthorizedHttpResult>> EndOthersAsync(HttpContext http, PanelSessions sessions, CancellationToken ct) =>
        AccountClaims.AccountId(http.User) is { } accountId
            ? TypedResults.Ok(new SessionsEndedResponse(await sessions.EndOthersAsync(accountId, http.User, ct)))
            : TypedResults.Unauthorized();
}
