using System.Net;

namespace PortFwd.Core.Blocklist;

/// <summary>
/// One address or network on the global blocklist: refused by every rule before the rule's own allow-list, until it
/// expires or is deleted.
/// </summary>
public sealed class BlocklistEntry
{
    public int Id { get; set; }

    /// <summary>Normalized: an address alone ("203.0.113.7", "2001:db8::1") or a network ("198.51.100.0/24").</summary>
    public string Network { get; set; } = "";

    public string? Note { get; set; }

    /// <summary>When the entry stops blocking and is removed; null blocks until deleted.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The entry as a network (an address alone is a network of one).</summary>
    public IPNetwork ToNetwork() => BlocklistText.ToNetwork(Network);

    /// <summary>Whether the entry has expired at <paramref name="now"/>.</summary>
    public bool HasExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
}
