using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace PortFwd.Relay.Rules;

/// <summary>One socket the relay listens on for a rule.</summary>
/// <param name="Transport"><see cref="RelayTransport.Tcp"/> or <see cref="RelayTransport.Udp"/>.</param>
/// <param name="EndPoint">The bound local endpoint.</param>
public readonly record struct RelayEndpoint(RelayTransport Transport, IPEndPoint EndPoint)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Transport == RelayTransport.Udp ? "udp" : "tcp")}/{EndPoint}";
}

/// <summary>
/// Outcome of applying a rule: either <see cref="IsSuccess"/> with the endpoints now listening, or an
/// <see cref="Error"/> a user can act on ("port 8080 is already in use by another program"). Never thrown.
/// </summary>
public sealed class RelayApplyResult
{
    private RelayApplyResult(RelayError? error, IReadOnlyList<RelayEndpoint> listening)
    {
        Error = error;
        Value = listening;
    }

    /// <summary>True when the rule is applied and listening.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>Why the rule could not be applied; null when <see cref="IsSuccess"/>.</summary>
    public RelayError? Error { get; }

    /// <summary>Endpoints listening for the rule (empty on error).</summary>
    public IReadOnlyList<RelayEndpoint> Value { get; }

    /// <summary>The same endpoints as <see cref="Value"/>, named for what they are.</summary>
    public IReadOnlyList<RelayEndpoint> Listening => Value;

    /// <summary>A success with the endpoints now listening.</summary>
    public static RelayApplyResult Ok(IReadOnlyList<RelayEndpoint> listening) => new(null, listening);

    /// <summary>A failure with a message for the user.</summary>
    public static RelayApplyResult Fail(RelayError error) => new(error ?? throw new ArgumentNullException(nameof(error)), []);

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? "ok: " + string.Join(", ", Listening) : "error: " + Error.Message;
}
