using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PortFwd.Relay.Rules;

/// <summary>
/// The global blocklist: addresses and networks refused by every rule before its own allow-list. Immutable; a change
/// builds a new one. Lookups are a binary search over the networks as disjoint, sorted ranges (IPv4 and IPv6 apart),
/// so hundreds of entries cost a handful of comparisons, and they allocate nothing.
/// </summary>
/// <remarks>
/// Networks inside another entry (10.1.0.0/16 under 10.0.0.0/8) take no range of their own: the wider entry blocks
/// them and counts what it blocks. An IPv4 client of a dual-stack socket (an IPv4-mapped IPv6 address) is matched as
/// the IPv4 address it is, as <see cref="SourceFilter.Admits"/> does.
/// </remarks>
public sealed class AddressBlocklist
{
    private readonly Range<uint>[] _v4;
    private readonly Range<UInt128>[] _v6;

    // Blocked attempts per entry of Networks (only entries that own a range count).
    private readonly long[] _blocked;

    /// <summary>Builds a blocklist of <paramref name="networks"/> (duplicates are kept once).</summary>
    public AddressBlocklist(IEnumerable<IPNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        Networks = [.. networks.Distinct()];
        _blocked = new long[Networks.Count];
        var v4 = new List<Range<uint>>();
        var v6 = new List<Range<UInt128>>();
        for (var i = 0; i < Networks.Count; i++)
        {
            var network = Networks[i];
            if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
            {
                var first = ToUInt32(network.BaseAddress);
                var hostBits = 32 - network.PrefixLength;
                var last = hostBits == 32 ? uint.MaxValue : first | ((1u << hostBits) - 1);
                v4.Add(new Range<uint>(first, last, i));
            }
            else
            {
                var first = ToUInt128(network.BaseAddress);
                var hostBits = 128 - network.PrefixLength;
                var last = hostBits == 128 ? UInt128.MaxValue : first | ((UInt128.One << hostBits) - 1);
                v6.Add(new Range<UInt128>(first, last, i));
            }
        }

        _v4 = Disjoint(v4);
        _v6 = Disjoint(v6);
    }

    /// <summary>No address is blocked.</summary>
    public static AddressBlocklist Empty { get; } = new([]);

    /// <summary>The entries, as given (without duplicates).</summary>
    public IReadOnlyList<IPNetwork> Networks { get; }

    /// <summary>Whether nothing is blocked: the accept paths skip the lookup altogether.</summary>
    public bool IsEmpty => Networks.Count == 0;

    /// <summary>Whether <paramref name="address"/> is blocked; a hit is counted against the entry that holds it.</summary>
    public bool Blocks(IPAddress address) => Blocks(address, count: true);

    /// <summary>Whether <paramref name="address"/> is blocked, without counting it (a live connection looked at after a change).</summary>
    internal bool Holds(IPAddress address) => Blocks(address, count: false);

    /// <summary>Whether the client of a live UDP session is blocked, without counting it.</summary>
    internal bool Holds(SocketAddress source) =>
        !IsEmpty && BlocksRaw(source.Family, source.Buffer.Span[..source.Size], count: false);

    /// <summary>How many attempts <paramref name="network"/> has blocked since this list was built (0 for an entry inside another one).</summary>
    public long BlockedCount(IPNetwork network)
    {
        for (var i = 0; i < Networks.Count; i++)
        {
            if (Networks[i].Equals(network))
            {
                return Volatile.Read(ref _blocked[i]);
            }
        }

        return 0;
    }

    /// <summary>
    /// Whether the source in a struct sockaddr_in or sockaddr_in6 is blocked (the epoll accept path, before any
    /// object exists for the client). Linux layout: family in the first byte, the address at offset 4 or 8.
    /// </summary>
    internal bool BlocksSockAddr(ReadOnlySpan<byte> sockAddr) =>
        !IsEmpty && sockAddr.Length >= 2 && BlocksRaw(sockAddr[0] == Linux.LinuxSockets.AfInet ? AddressFamily.InterNetwork
            : sockAddr[0] == Linux.LinuxSockets.AfInet6 ? AddressFamily.InterNetworkV6 : AddressFamily.Unknown, sockAddr, count: true);

    /// <summary>Whether the source of a received datagram is blocked (the UDP receive paths, without allocating).</summary>
    internal bool Blocks(SocketAddress source) =>
        !IsEmpty && BlocksRaw(source.Family, source.Buffer.Span[..source.Size], count: true);

    private bool Blocks(IPAddress address, bool count)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IsEmpty)
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6)
        {
            return Hit(_v4, ToUInt32(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address), count);
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && Hit(_v6, ToUInt128(address), count);
    }

    private bool BlocksRaw(AddressFamily family, ReadOnlySpan<byte> sockAddr, bool count)
    {
        // sockaddr_in: the address at byte 4; sockaddr_in6: at byte 8 (the same offsets on Linux, BSD and Windows).
        if (family == AddressFamily.InterNetwork && sockAddr.Length >= 8)
        {
            return Hit(_v4, BinaryPrimitives.ReadUInt32BigEndian(sockAddr.Slice(4, 4)), count);
        }

        if (family != AddressFamily.InterNetworkV6 || sockAddr.Length < 24)
        {
            return false;
        }

        var bytes = sockAddr.Slice(8, 16);
        if (BinaryPrimitives.ReadUInt64BigEndian(bytes) == 0 && BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(8, 4)) == 0xFFFF)
        {
            return Hit(_v4, BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(12, 4)), count);
        }

        return Hit(_v6, BinaryPrimitives.ReadUInt128BigEndian(bytes), count);
    }

    private bool Hit<T>(Range<T>[] ranges, T value, bool count)
        where T : struct, IComparable<T>
    {
        // The last range starting at or before the value; ranges are disjoint, so only it can hold the value.
        int low = 0, high = ranges.Length - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (ranges[mid].First.CompareTo(value) <= 0)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        if (found < 0 || ranges[found].Last.CompareTo(value) < 0)
        {
            return false;
        }

        if (count)
        {
            Interlocked.Increment(ref _blocked[ranges[found].Entry]);
        }

        return true;
    }

    /// <summary>
    /// Sorted by start, widest first, and without the ranges inside an earlier one. CIDR networks are either nested
    /// or apart, so what is left never overlaps.
    /// </summary>
    private static Range<T>[] Disjoint<T>(List<Range<T>> ranges)
        where T : struct, IComparable<T>
    {
        ranges.Sort(static (a, b) => a.First.CompareTo(b.First) is var byStart and not 0 ? byStart : b.Last.CompareTo(a.Last));
        var kept = new List<Range<T>>(ranges.Count);
        foreach (var range in ranges)
        {
            if (kept.Count == 0 || kept[^1].Last.CompareTo(range.First) < 0)
            {
                kept.Add(range);
            }
        }

        return [.. kept];
    }

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private readonly record struct Range<T>(T First, T Last, int Entry);
}
