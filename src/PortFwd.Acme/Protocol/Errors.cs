using System.Globalization;

namespace PortFwd.Acme.Protocol;

/// <summary>Turns what the CA said into an <see cref="AcmeError"/> with a message a person can act on.</summary>
internal static class Errors
{
    public static AcmeError FromProblem(AcmeProblem? problem, int status, Uri url)
    {
        var kind = KindOf(problem?.Name, status);
        var said = problem is null ? $"HTTP {status}" : problem.Describe();
        var (code, message, arguments) = kind switch
        {
            AcmeErrorKind.RateLimited => ("RateLimited", $"The CA's rate limit was reached; it will not issue again until later: {said}", new object[] { said }),
            AcmeErrorKind.Unauthorized when problem?.Name == "unauthorized" => ("AccountNotAllowed", $"The CA does not allow this account to do that: {said}", [said]),
            AcmeErrorKind.Unauthorized => ("AccountRefused", $"The CA refused the account: {said}", [said]),
            AcmeErrorKind.ServerError when problem?.Name == "badNonce" => ("BadNonce", $"The CA kept rejecting fresh nonces: {said}", [said]),
            AcmeErrorKind.ServerError => ("ServerFailed", $"The CA at {url.Authority} failed to answer: {said}", [url.Authority, said]),
            AcmeErrorKind.AuthorizationFailed => ("NameNotValidated", $"The CA could not validate the name: {said}", [said]),
            _ => ("Refused", $"The CA refused the request: {said}", [said]),
        };
        return new AcmeError(kind, message) { Problem = problem, HttpStatus = status, Code = code, Arguments = arguments };
    }

    /// <summary>The failure of one name's authorization, quoting the CA's reason for its challenge.</summary>
    public static AcmeError AuthorizationFailed(string name, AcmeProblem? problem) =>
        new(AcmeErrorKind.AuthorizationFailed,
            problem is null
                ? $"The CA could not validate {name} and gave no reason."
                : $"The CA could not validate {name}: {problem.Describe()}")
        {
            Problem = problem,
            Identifier = name,
            Code = problem is null ? "NotValidatedNoReason" : "NotValidated",
            Arguments = problem is null ? [name] : [name, problem.Describe()],
        };

    /// <summary>An order or authorization still undecided at the deadline.</summary>
    /// <param name="code">"OrderNotDone" or "ValidationNotDone".</param>
    /// <param name="what">"The order" or "The CA's validation at", followed by the URL in the sentence.</param>
    /// <param name="url">The order's or authorization's URL.</param>
    /// <param name="limit">How long it was waited for.</param>
    public static AcmeError Timeout(string code, string what, Uri url, TimeSpan limit)
    {
        var seconds = limit.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        return new(AcmeErrorKind.Timeout, $"{what} {url} was not done after {seconds} s.")
        {
            Code = code,
            Arguments = [url.ToString(), seconds],
        };
    }

    private static AcmeErrorKind KindOf(string? name, int status) => name switch
    {
        "rateLimited" => AcmeErrorKind.RateLimited,
        "unauthorized" or "accountDoesNotExist" or "userActionRequired" or "externalAccountRequired" => AcmeErrorKind.Unauthorized,
        "serverInternal" or "badNonce" => AcmeErrorKind.ServerError,
        "connection" or "dns" or "incorrectResponse" or "tls" or "caa" => AcmeErrorKind.AuthorizationFailed,
        _ when status == 429 => AcmeErrorKind.RateLimited,
        _ when status >= 500 => AcmeErrorKind.ServerError,
        _ => AcmeErrorKind.Rejected,
    };
}
