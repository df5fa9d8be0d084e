using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;

namespace PortFwd.Web.Connections;

/// <summary>
/// Who is connected to a rule and who was turned away, for the API and the rule's traffic page: the relay's
/// live connections and UDP sessions, closing one, and the last refused attempts. HTTP rules run outside the
/// relay, so they have no rows here (their requests are in their traffic figures).
/// </summary>
public sealed class RuleConnections(RelayEngine relay)
{
    /// <summary>The rule's open connections and sessions, oldest first (empty when it is not running in the relay).</summary>
    public IReadOnlyList<ConnectionResponse> List(int ruleId) =>
        [.. relay.GetConnections(ruleId).OrderBy(c => c.Since).ThenBy(c => c.Id).Select(ConnectionResponse.From)];

    /// <summary>Closes one connection (both legs) or drops one UDP session; false when it is not there (any more).</summary>
    public bool Close(int ruleId, long connectionId) => relay.CloseConnection(ruleId, connectionId);

    /// <summary>The rule's last refused attempts, newest first (at most 100).</summary>
    public IReadOnlyList<RefusedAttemptResponse> Refused(int ruleId) =>
        [.. relay.GetRefusedAttempts(ruleId).Select(RefusedAttemptResponse.From)];

    /// <summary>A refusal reason in words, as the page shows it.</summary>
    public static string Describe(RefusalReason reason) => reason switch
    {
        RefusalReason.Blocked => "on the blocklist",
        RefusalReason.NotAllowed => "not in the allowed sources",
        RefusalReason.TooManyConnections => "too many connections",
        RefusalReason.TooManyFromSource => "too many connections from this address",
        RefusalReason.RateLimited => "connecting too fast",
        _ => reason.ToString(),
    };
}
