using System.Runtime.InteropServices;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Engine;

/// <summary>Live, lock-free counters of one rule; updated with <see cref="Interlocked"/> where the bytes flow.</summary>
/// <remarks>
/// Byte and datagram counters are written on every read; they sit on their own cache line, away
/// from the connection counters that change once per connection, and away from the object header.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 200)]
internal sealed class RuleCounters
{
    [FieldOffset(64)] public long BytesClientToTarget;
    [FieldOffset(72)] public long BytesTargetToClient;
    [FieldOffset(80)] public long UdpDatagramsIn;
    [FieldOffset(88)] public long UdpDatagramsOut;
    [FieldOffset(128)] public long TcpAccepted;
    [FieldOffset(136)] public long TcpActive;
    [FieldOffset(144)] public long TcpRefused;
    [FieldOffset(152)] public long TcpUpstreamFailed;
    [FieldOffset(160)] public long UdpActiveSessions;
    [FieldOffset(168)] public long UdpRefused;
    [FieldOffset(176)] public long UdpSessionsOpened;
    [FieldOffset(184)] public long UdpRateLimited;
    [FieldOffset(192)] public long TcpIdleClosed;

    public RelayCounters Read() => new(
        Volatile.Read(ref BytesClientToTarget),
        Volatile.Read(ref BytesTargetToClient),
        Volatile.Read(ref TcpAccepted),
        Volatile.Read(ref TcpActive),
        Volatile.Read(ref TcpRefused),
        Volatile.Read(ref TcpUpstreamFailed),
        Volatile.Read(ref UdpDatagramsIn),
        Volatile.Read(ref UdpDatagramsOut),
        Volatile.Read(ref UdpActiveSessions),
        Volatile.Read(ref UdpRefused),
        Volatile.Read(ref UdpSessionsOpened),
        Volatile.Read(ref UdpRateLimited),
        Volatile.Read(ref TcpIdleClosed));
}
