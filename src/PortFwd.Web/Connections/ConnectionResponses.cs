using System.Text.Json;
using System.Text.Json.Serialization;
using PortFwd.Relay.Rules;

namespace PortFwd.Web.Connections;

/// <summary>
/// One row of <c>GET /api/rules/{id}/connections</c>: a live TCP connection or UDP session. <see cref="BytesIn"/> is
/// what the client sent to the service, <see cref="BytesOut"/> what came back (as in the rule's traffic).
/// </summary>
public sealed record ConnectionResponse(
    long Id,
    RelayConnectionProtocol Protocol,
    string RemoteAddress,
    int RemotePort,
    int ExternalPort,
    DateTimeOffset Since,
    long BytesIn,
    long BytesOut,
    DateTimeOffset LastActivity)
{
    public static ConnectionResponse From(RelayConnectionInfo connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new(connection.Id, connection.Protocol, connection.Remote.Address.ToString(), connection.Remote.Port, connection.ExternalPort,
            connection.Since, connection.BytesIn, connection.BytesOut, connection.LastActivity);
    }
}

/// <summary>One row of <c>GET /api/rules/{id}/refused</c>: who was refused, when and why.</summary>
public sealed record RefusedAttemptResponse(
    string Address,
    DateTimeOffset Time,
    [property: JsonConverter(typeof(RefusalReasonConverter))] RefusalReason Reason)
{
    public static RefusedAttemptResponse From(RefusedAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new(attempt.Address.ToString(), attempt.Time, attempt.Reason);
    }
}

/// <summary>Refusal reasons at the JSON edge in camelCase (<c>notAllowed</c>, <c>tooManyConnections</c>), never numbers.</summary>
public sealed class RefusalReasonConverter() : JsonStringEnumConverter<RefusalReason>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
