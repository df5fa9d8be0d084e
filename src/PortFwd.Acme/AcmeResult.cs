using System.Diagnostics.CodeAnalysis;

namespace PortFwd.Acme;

/// <summary>What went wrong, in groups the panel acts on.</summary>
public enum AcmeErrorKind
{
    /// <summary>The CA's rate limit was hit (<c>rateLimited</c>); try again after <see cref="AcmeError.RetryAfter"/>, never at once.</summary>
    RateLimited,
    /// <summary>The CA could not validate a name (challenge failed): <see cref="AcmeError.Identifier"/> names it and
    /// <see cref="AcmeError.Problem"/> holds the CA's detail.</summary>
    AuthorizationFailed,
    /// <summary>The request was refused as it stands: a name the CA will not issue for, a malformed request, a bad CSR,
    /// or a name refused here before sending (IP literal, wildcard).</summary>
    Rejected,
    /// <summary>The CA refused the account: it does not exist, is deactivated, or must accept new terms.</summary>
    Unauthorized,
    /// <summary>The CA failed (HTTP 5xx, <c>serverInternal</c>) or kept rejecting fresh nonces.</summary>
    ServerError,
    /// <summary>The CA could not be reached (DNS, connection, TLS).</summary>
    Network,
    /// <summary>The CA did not answer in time, or an order or authorization was not done by the deadline.</summary>
    Timeout,
    /// <summary>The CA's answer could not be understood.</summary>
    InvalidResponse,
    /// <summary>The CA does not offer what was asked (e.g. renewal information).</summary>
    Unsupported,
}

/// <summary>A failure, with a message a person can read and act on.</summary>
/// <param name="Kind">The group of the error.</param>
/// <param name="Message">Plain-language explanation, with the CA's own words quoted where it gave some.</param>
public sealed record AcmeError(AcmeErrorKind Kind, string Message)
{
    /// <summary>The CA's problem document (RFC 7807), when it sent one.</summary>
    public AcmeProblem? Problem { get; init; }

    /// <summary>The DNS name the failure is about, when it is about one.</summary>
    public string? Identifier { get; init; }

    /// <summary>The HTTP status of the CA's answer, when there was one.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>When the CA said to try again (its <c>Retry-After</c>), as a point in time.</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>
    /// A stable name of <see cref="Message"/>'s sentence ("RateLimited", "NotValidated"), so a panel can say it in
    /// another language; empty for a sentence that has none.
    /// </summary>
    public string Code { get; init; } = "";

    /// <summary>The values in <see cref="Message"/>, in order (a name, a host, the CA's own words), for <see cref="Code"/>'s sentence.</summary>
    public IReadOnlyList<object> Arguments { get; init; } = [];

    public override string ToString() => Message;
}

/// <summary>The outcome of an ACME call: a value or an error.</summary>
/// <typeparam name="T">The value on success.</typeparam>
public sealed class AcmeResult<T>
{
    private AcmeResult(T? value, AcmeError? error) => (Value, Error) = (value, error);

    /// <summary>The value, when the call succeeded.</summary>
    public T? Value { get; }

    /// <summary>Set when the call failed.</summary>
    public AcmeError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Error is null;

    public static AcmeResult<T> Ok(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static AcmeResult<T> Fail(AcmeError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    public static implicit operator AcmeResult<T>(AcmeError error) => Fail(error);

    public static implicit operator AcmeResult<T>(T value) => Ok(value);

    public override string ToString() => IsSuccess ? $"ok: {Value}" : Error.Message;
}
