namespace PortFwd.Relay.Rules;

/// <summary>Why a rule could not be applied, in groups a caller can act on.</summary>
public enum RelayErrorKind
{
    /// <summary>Another program (or another rule) already listens on the port.</summary>
    PortInUse,

    /// <summary>The listen address is not one of this machine's, or its IP version is not supported here.</summary>
    AddressNotAvailable,

    /// <summary>The system does not let the relay listen on the port (a port below 1024 without the capability).</summary>
    PermissionDenied,

    /// <summary>The rule itself is not valid (ports out of range, a range that ends before it starts, limits below 1).</summary>
    InvalidRule,

    /// <summary>The target host name does not resolve to an address.</summary>
    TargetNotResolved,

    /// <summary>Any other failure to listen.</summary>
    Other,
}

/// <summary>A failure to apply a rule, with a message a person can read and act on.</summary>
/// <param name="Kind">The group of the error.</param>
/// <param name="Message">Plain-language explanation, such as "port 8080 is already in use by another program".</param>
public sealed record RelayError(RelayErrorKind Kind, string Message)
{
    /// <summary>Which sentence <see cref="Message"/> is ("PortInUse"), stable across versions, so a caller can say it in another language; empty when it has none.</summary>
    public string Code { get; init; } = "";

    /// <summary>The values in <see cref="Message"/>, in order (a port, an address, the transport), for <see cref="Code"/>'s sentence.</summary>
    public IReadOnlyList<object> Arguments { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => Message;
}
