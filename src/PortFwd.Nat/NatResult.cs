using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace PortFwd.Nat;

/// <summary>What went wrong, in groups an application can act on.</summary>
public enum NatErrorKind
{
    /// <summary>The router did not answer in time.</summary>
    NoResponse,
    /// <summary>Nothing answered discovery, or discovery was not configured.</summary>
    NotFound,
    /// <summary>Something answered but it is not an internet gateway.</summary>
    NotAnInternetGateway,
    /// <summary>The answer could not be understood.</summary>
    InvalidResponse,
    /// <summary>HTTP or socket failure talking to the router.</summary>
    Transport,
    /// <summary>The request was not valid (bad port, lease, address), caught before or by the router (402).</summary>
    InvalidArguments,
    /// <summary>606 / NAT-PMP 2 / PCP 2: the router does not allow this client to do it.</summary>
    NotAuthorized,
    /// <summary>714: no such mapping.</summary>
    NoSuchEntry,
    /// <summary>716: the router does not accept a wildcard external port.</summary>
    WildcardNotPermittedInExternalPort,
    /// <summary>718: the external port is already mapped (to another host, or this host may not map it).</summary>
    ConflictInMappingEntry,
    /// <summary>724: the router needs the internal and external ports to be equal.</summary>
    SamePortValuesRequired,
    /// <summary>725: the router only supports permanent leases (the client retries with lease 0).</summary>
    OnlyPermanentLeasesSupported,
    /// <summary>726: the remote host must be a wildcard.</summary>
    RemoteHostOnlySupportsWildcard,
    /// <summary>727: the external port must be a wildcard.</summary>
    ExternalPortOnlySupportsWildcard,
    /// <summary>728 / NAT-PMP 4 / PCP 8: the router has no room for more mappings.</summary>
    OutOfResources,
    /// <summary>501: the router could not do the action (miniupnpd says this when it has no public address).</summary>
    ActionFailed,
    /// <summary>NAT-PMP 3 / PCP 7, or an empty external address: the router has no usable public address
    /// (carrier-grade NAT, double NAT, WAN down).</summary>
    NoExternalAddress,
    /// <summary>The router does not support this version, opcode, option or protocol.</summary>
    Unsupported,
    /// <summary>PCP 11: the router cannot give the external port or address asked for.</summary>
    CannotProvideExternal,
    /// <summary>PCP 12: the client address in the request is not the one the router sees.</summary>
    AddressMismatch,
    /// <summary>Any other code.</summary>
    Other,
}

/// <summary>A failure, with a message a person can read and act on.</summary>
/// <param name="Kind">The group of the error.</param>
/// <param name="Message">Plain-language explanation.</param>
public sealed record NatError(NatErrorKind Kind, string Message)
{
    /// <summary>Which protocol produced it, when it came from a router.</summary>
    public RouterProtocol? Protocol { get; init; }

    /// <summary>The UPnP error code, NAT-PMP or PCP result code.</summary>
    public int? Code { get; init; }

    /// <summary>The router's own words (UPnP errorDescription), when given.</summary>
    public string? RouterText { get; init; }

    /// <summary>For a conflict: the LAN host that already holds the external port, when the router tells.</summary>
    public IPAddress? HeldBy { get; init; }

    public override string ToString() => Message;
}

/// <summary>The outcome of a router call that returns nothing.</summary>
public sealed class NatResult
{
    private NatResult(NatError? error) => Error = error;

    /// <summary>Set when the call failed.</summary>
    public NatError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static NatResult Ok { get; } = new(null);

    public static NatResult Fail(NatError error) => new(error ?? throw new ArgumentNullException(nameof(error)));

    public static implicit operator NatResult(NatError error) => Fail(error);

    public override string ToString() => IsSuccess ? "ok" : Error.Message;
}

/// <summary>The outcome of a router call: a value or an error.</summary>
/// <typeparam name="T">The value on success.</typeparam>
public sealed class NatResult<T>
{
    private NatResult(T? value, NatError? error) => (Value, Error) = (value, error);

    /// <summary>The value, when the call succeeded.</summary>
    public T? Value { get; }

    /// <summary>Set when the call failed.</summary>
    public NatError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static NatResult<T> Ok(T value) => new(value, null);

    public static NatResult<T> Fail(NatError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    public static implicit operator NatResult<T>(NatError error) => Fail(error);

    /// <summary>The value, or an exception carrying the error's message; for code that cannot go on without it.</summary>
    public T GetValueOrThrow() => IsSuccess ? Value! : throw new InvalidOperationException(Error.Message);

    /// <summary>Drops the value.</summary>
    public NatResult WithoutValue() => IsSuccess ? NatResult.Ok : NatResult.Fail(Error);

    public override string ToString() => IsSuccess ? $"ok: {Value}" : Error.Message;
}
