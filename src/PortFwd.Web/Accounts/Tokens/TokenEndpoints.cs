using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Data.Accounts;
using PortFwd.Data.Audit;
using PortFwd.Web.Accounts.SignIn;
using PortFwd.Web.Audit;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Accounts.Tokens;

/// <summary>A token just issued: the secret, shown this once, and what it is.</summary>
/// <param name="Token">The secret to send as <c>Authorization: Bearer</c>; it cannot be shown again.</param>
public sealed record TokenResponse(string Token, int Id, string Name, ApiTokenScope Scope, DateTimeOffset Created, DateTimeOffset Expires)
{
    internal static TokenResponse From(IssuedToken issued) =>
        new(issued.Secret, issued.Token.Id, issued.Token.Name, issued.Token.Scope, issued.Token.Created, issued.Token.Expires);
}

/// <summary>The REST surface of API tokens: <c>POST /api/tokens</c> (with the owner's credentials), the list, and revoking.</summary>
internal static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/tokens").WithTags("Accounts").DisableAntiforgery();

        tokens.MapPost("", IssueAsync)
            .WithName("IssueToken").WithSummary("Get a token")
            .WithDescription("Trades the user name and password (and `code`, when two-factor sign-in is on) for a named token; send it on every other call as "
                + "`Authorization: Bearer` and the token. `name` (1 to 64 characters, unique among your tokens) is required; `scope` is `read` (GET and HEAD "
                + "only: lists, reports, /metrics) or `admin` (everything; the default); `expiresInDays` is 1 to 3650 (30 when left out). The token is in the "
                + "answer this once. 400 names each wrong field; 409 says the name is taken; 401 says \"code required\" when the code is missing; 429 says how "
                + "long to wait after too many failures.")
            .ReadsJsonBody<TokenRequest>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AllowAnonymous().RequireSignInFloodLimit();
        tokens.MapGet("", ListAsync)
            .WithName("ListTokens").WithSummary("List your tokens")
            .WithDescription("Your tokens, oldest first, expired ones too: id, name, scope, created, expires and lastUsed (to the minute). Never the token "
                + "itself. Needs the panel's sign-in or an admin token; a read token gets 403.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(TokenAuthorization.AdminPolicy);
        tokens.MapDelete("/{id:int}", RevokeAsync)
            .WithName("RevokeToken").WithSummary("Revoke a token")
            .WithDescription("Deletes one of your tokens: the next request with it answers 401. Needs the panel's sign-in or an admin token.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(TokenAuthorization.AdminPolicy);
        return app;
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        HttpContext http, SignInService signIn, SignInAudit signIns, ApiTokens tokens, CancellationToken ct)
    {
        var body = await JsonBodyReader.ReadAsync<TokenRequest>(http.Request, "token request",
            "{\"username\": \"admin\", \"password\": \"…\", \"name\": \"prometheus\", \"scope\": \"read\"}", WrongType, ct);
        if (!body.IsSuccess)
        {
            return JsonBodyReader.Refused<Ok<TokenResponse>>(body.Error, Invalid);
        }

        // The token's own fields first: a mistake there changes nothing, and counts as no sign-in attempt.
        var request = body.Value;
        var (draft, errors) = TokenDraft.Check(request.Name, request.Scope, request.ExpiresInDays);
        if (draft is null)
        {
            return Invalid(errors);
        }

        var result = await signIn.SignInAsync(request.Username, request.Password, request.Code, http.Connection.RemoteIpAddress, http.RequestAborted);
        await signIns.RecordAsync(http, request.Username, result, withToken: true);
        if (result is not { Status: SignInStatus.Success, Account: { } account })
        {
            if (result.Status == SignInStatus.LockedOut)
            {
                http.Response.Headers.RetryAfter = WaitText.RetryAfterSeconds(result.RetryAfter);
                return TypedResults.Problem(title: "Sign-in locked", detail: result.Message, statusCode: StatusCodes.Status429TooManyRequests);
            }

            return TypedResults.Problem(title: "Sign-in failed", detail: result.Message, statusCode: StatusCodes.Status401Unauthorized);
        }

        // The request itself is not signed in: the entry is the account's, by way of the API.
        var by = new AuditActor(account.UserName, AuditActors.Text(http.Connection.RemoteIpAddress), AuditVia.Token);
        var issue = await tokens.IssueAsync(account.Id, draft, by, ct);
        return issue.Issued is { } issued
            ? TypedResults.Ok(TokenResponse.From(issued))
            : NameTaken(issue.TakenName!);
    }

    public static async Task<Ok<IReadOnlyList<TokenInfo>>> ListAsync(HttpContext http, ApiTokens tokens, CancellationToken ct) =>
        TypedResults.Ok(AccountClaims.AccountId(http.User) is { } accountId ? await tokens.ListAsync(accountId, ct) : []);

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(int id, HttpContext http, ApiTokens tokens, CancellationToken ct) =>
        AccountClaims.AccountId(http.User) is { } accountId && await tokens.RevokeAsync(accountId, id, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Token not found", detail: $"You have no token with id {id}.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>The answer for a name already used by another of the account's tokens.</summary>
    internal static string NameTakenMessage(string name) => AccountMessages.TokenNameTaken.With(name).Text;

    private static ProblemHttpResult NameTaken(string name) => TypedResults.Problem(title: "Name taken", detail: NameTakenMessage(name),
        statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["name"] = [NameTakenMessage(name)] } });

    private static ValidationProblem Invalid(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.ValidationProblem(errors, title: "The token request has errors", detail: "Fix the fields listed in errors and try again.");

    private static string WrongType(JsonPropertyInfo property) =>
        JsonBodyReader.TypeOf(property) == typeof(int)
            ? $"{property.Name} must be a whole number without quotes, like 90."
            : $"{property.Name} must be text in quotes.";
}
