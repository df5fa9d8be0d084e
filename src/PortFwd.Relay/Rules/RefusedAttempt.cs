using System.Net;

namespace PortFwd.Relay.Rules;

/// <summary>Why a client was refused by a rule.</summary>
public enum RefusalReason
{
    /// <summary>The address is on the global blocklist.</summary>
    Blocked,

    /// <summary>The address is not in the rule's allow-list.</summary>
    NotAllowed,

    /// <summary>The rule already carries as many connections as it may.</summary>
    TooManyConnections,

    /// <summary>The address already has as many connections through the rule as one source may.</summary>
    TooManyFromSource,

    /// <summary>The address opened connections faster than the rule allows.</summary>
    RateLimited,
}

/// <summary>One refused TCP connection or dropped UDP datagram (of a client with no session), as <see cref="Engine.RelayEngine.GetRefusedAttempts"/> returns it.</summary>
/// <param name="Address">The client's address (an IPv4 client of a dual-stack port is shown as the IPv4 address it is).</param>
/// <param name="Time">When it was refused.</param>
/// <param name="Reason">Why.</param>
public sealed record RefusedAttempt(IPAddress Address, DateTimeOffset Time, RefusalReason Reason);
