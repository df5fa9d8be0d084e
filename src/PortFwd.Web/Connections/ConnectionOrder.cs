namespace PortFwd.Web.Connections;

/// <summary>A column of the connection table it can be sorted by.</summary>
public enum ConnectionColumn
{
    Client,
    ExternalPort,
    Since,
    BytesIn,
    BytesOut,
    LastActivity,
}

/// <summary>
/// How the connection table is sorted: by one column, up or down. Choosing the column it is sorted by turns the
/// direction round; choosing another sorts by that one, up. Ties keep the oldest connection first.
/// </summary>
public sealed record ConnectionOrder(ConnectionColumn Column, bool Descending)
{
    /// <summary>Oldest connection first.</summary>
    public static ConnectionOrder Default { get; } = new(ConnectionColumn.Since, Descending: false);

    public ConnectionOrder Toggle(ConnectionColumn column) => column == Column ? this with { Descending = !Descending } : new(column, false);

    public IReadOnlyList<ConnectionResponse> Apply(IEnumerable<ConnectionResponse> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ordered = Column switch
        {
            ConnectionColumn.Client => By(rows, c => System.Net.IPAddress.Parse(c.RemoteAddress).GetAddressBytes(), AddressComparer.Instance)
                .ThenBy(c => c.RemotePort, Descending),
            ConnectionColumn.ExternalPort => By(rows, c => c.ExternalPort),
            ConnectionColumn.BytesIn => By(rows, c => c.BytesIn),
            ConnectionColumn.BytesOut => By(rows, c => c.BytesOut),
            ConnectionColumn.LastActivity => By(rows, c => c.LastActivity),
            _ => By(rows, c => c.Since),
        };
        return [.. ordered.ThenBy(c => c.Since).ThenBy(c => c.Id)];
    }

    private IOrderedEnumerable<ConnectionResponse> By<TKey>(IEnumerable<ConnectionResponse> rows, Func<ConnectionResponse, TKey> key, IComparer<TKey>? comparer = null) =>
        Descending ? rows.OrderByDescending(key, comparer) : rows.OrderBy(key, comparer);

    /// <summary>IPv4 before IPv6, then byte by byte: 10.0.0.9 before 10.0.0.10.</summary>
    private sealed class AddressComparer : IComparer<byte[]>
    {
        public static readonly AddressComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) =>
            x is null || y is null ? Comparer<object?>.Default.Compare(x, y)
            : x.Length != y.Length ? x.Length.CompareTo(y.Length)
            : ((ReadOnlySpan<byte>)x).SequenceCompareTo(y);
    }
}

internal static class OrderedConnections
{
    public static IOrderedEnumerable<ConnectionResponse> ThenBy<TKey>(this IOrderedEnumerable<ConnectionResponse> rows, Func<ConnectionResponse, TKey> key, bool descending) =>
        descending ? rows.ThenByDescending(key) : rows.ThenBy(key);
}
