namespace PortFwd.Relay;

/// <summary>
/// The id of every event the relay logs, in one place so none is used twice; the relay's range is
/// 100–199, grouped by what the event is about.
/// </summary>
internal static class EventIds
{
    // Rules: applied, changed in place, refused, removed (100–109).
    public const int RuleApplied = 100;
    public const int RuleUpdated = 101;
    public const int RuleFailed = 102;
    public const int RuleRemoved = 103;

    // TCP: accepting clients and connecting to targets (110–119).
    public const int AcceptFailed = 110;
    public const int UpstreamFailed = 111;
    public const int IdleClosed = 112;

    // UDP: receiving datagrams on a rule's port (120–129).
    public const int UdpReceiveFailed = 120;

    // The epoll transport's event loop (130–139).
    public const int EventLoopWaitFailed = 130;
    public const int EventLoopHandlerFailed = 131;
    public const int EventLoopPostedFailed = 132;
}
