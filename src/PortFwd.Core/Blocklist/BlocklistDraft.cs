namespace PortFwd.Core.Blocklist;

/// <summary>A blocklist entry as typed in the form or sent to the API, before <see cref="BlocklistEntryValidator"/> checks it.</summary>
public sealed class BlocklistDraft
{
    /// <summary>An IPv4 or IPv6 address, or a network in CIDR form.</summary>
    public string? Address { get; set; }

    public string? Note { get; set; }

    /// <summary>When the block ends; must be in the future. Null blocks until the entry is deleted.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
