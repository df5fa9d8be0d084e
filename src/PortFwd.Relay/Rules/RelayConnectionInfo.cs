using System.Net;

namespace PortFwd.Relay.Rules;

/// <summary>What carries a live connection of a rule.</summary>
public enum RelayConnectionProtocol
{
    /// <summary>A relayed TCP connection (both legs).</summary>
    Tcp,

    /// <summary>A UDP session: one client address and port talking to the target through the rule.</summary>
    Udp,
}

/// <summary>
/// A snapshot of one live TCP connection or UDP session of a rule, as <see cref="Engine.RelayEngine.GetConnections"/> returns it.
/// Byte counts and last activity are read while the bytes move, so they may lag the wire by one read.
/// </summary>
/// <param name="Id">Unique among the connections and sessions of the engine; what <see cref="Engine.RelayEngine.CloseConnection"/> takes.</param>
/// <param name="Protocol">TCP connection or UDP session.</param>
/// <param name="Remote">The client's address and port (an IPv4 client of a dual-stack port is shown as the IPv4 address it is).</param>
/// <param name="ExternalPort">The rule's port the client came in on (one port of a range).</param>
/// <param name="Since">When the connection was accepted or the session opened.</param>
/// <param name="BytesIn">Bytes delivered from the client to the target.</param>
/// <param name="BytesOut">Bytes delivered from the target to the client.</param>
/// <param name="LastActivity">When bytes last moved either way, to about a second (when it was opened if nothing moved yet).</param>
public sealed record RelayConnectionInfo(
    long Id,
    RelayConnectionProtocol Protocol,
    IPEndPoint Remote,
    int ExternalPort,
    DateTimeOffset Since,
    long BytesIn,
    long BytesOut,
    DateTimeOffset LastActivity);
