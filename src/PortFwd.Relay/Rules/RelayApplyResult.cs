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
/// Outcome of applying a rule: either <see cref="IsOk"/> with the endpoints now listening, or an
/// <see cref="Error"/> a user can act on ("port 8080 is already in use by another program"). Never thrown.
/// </summary>
public sealed class RelayApplyResult
{
    private RelayApplyResult(string? error, IReadOnlyList<RelayEndpoint> listening)
    {
        Error = error;
        Listening = listening;
    }

    /// <summary>True when the rule is applied and listening.</summary>
    public bool IsOk => Error is null;

    /// <summary>Plain-language reason the rule could not be applied; null when <see cref="IsOk"/>.</summary>
    public string? Error { get; }

    /// <summary>Endpoints listening for the rule (empty on error).</summary>
    public IReadOnlyList<RelayEndpoint> Listening { get; }

    /// <summary>A success with the endpoints now listening.</summary>
    public static RelayApplyResult Ok(IReadOnlyList<RelayEndpoint> listening) => new(null, listening);

    /// <summary>A failure with a message for the user.</summary>
    public static RelayApplyResult Fail(string error) => new(error, []);

    /// <inheritdoc />
    public override string ToString() => IsOk ? "ok: " + string.Join(", ", Listening) : "error: " + Error;
}
