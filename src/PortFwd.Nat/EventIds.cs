namespace PortFwd.Nat;

/// <summary>
/// Every event id the router client logs (200–299), in one list. This library logs what happens on the wire and
/// to kept mappings; the application that uses it logs only what it adds (its own decisions), so each event
/// appears once: "router found" and every lease event come from here, not from the panel.
/// </summary>
internal static class EventIds
{
    // Discovery: SSDP answers, the router found or not (200–209).
    public const int SsdpAnswer = 200;
    public const int RouterFound = 201;
    public const int RouterNotFound = 202;

    // Leases: adds, renewals, re-adds and their failures, router restarts (210–229).
    public const int MappingSucceeded = 210;
    public const int MappingFailed = 211;
    public const int RouterRestarted = 212;
    public const int KeeperPassFailed = 213;
    public const int MappingRenewed = 214;
    public const int MappingRemoved = 215;
}
