namespace PortFwd.Core.Blocklist;

/// <summary>Field names of a blocklist entry, shared by the page and the API's error map.</summary>
public static class BlocklistFields
{
    public const string Address = "address";
    public const string Note = "note";
    public const string ExpiresAt = "expiresAt";
}

/// <summary>Bounds of the blocklist.</summary>
public static class BlocklistLimits
{
    public const int MaxNoteLength = 200;

    // Lookups stay a binary search at any size; the bound keeps the page and the list pushed to the relay reasonable.
    public const int MaxEntries = 10000;
}
