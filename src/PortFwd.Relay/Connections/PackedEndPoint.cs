using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using PortFwd.Relay.Linux;

namespace PortFwd.Relay.Connections;

/// <summary>
/// A client's address and port kept as plain values inside a connection or a refusal record, so that
/// knowing who is connected costs no object per connection; it becomes an <see cref="IPEndPoint"/> only
/// when a snapshot is read. An IPv4 client of a dual-stack port (an IPv4-mapped IPv6 address) is kept as IPv4.
/// </summary>
/// <remarks>
/// Packed to 4 bytes: 20 bytes instead of 24 inside every TCP connection, whose small fields then pack right after it. The fields
/// are only ever read whole (never with an atomic operation), and plain reads need no 8-byte alignment.
/// </remarks>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly struct PackedEndPoint : IEquatable<PackedEndPoint>
{
    private const byte None = 0;
    private const byte V4 = 4;
    private const byte V6 = 6;

    private readonly ulong _high;
    private readonly ulong _low;
    private readonly ushort _port;
    private readonly byte _family;

    private PackedEndPoint(ReadOnlySpan<byte> address, int port)
    {
        _port = (ushort)port;
        if (address.Length == 4)
        {
            _family = V4;
            _low = MemoryMarshal.Read<uint>(address);
        }
        else if (IsIPv4Mapped(address))
        {
            _family = V4;
            _low = MemoryMarshal.Read<uint>(address[12..]);
        }
        else
        {
            _family = V6;
            _high = MemoryMarshal.Read<ulong>(address);
            _low = MemoryMarshal.Read<ulong>(address[8..]);
        }
    }

    private PackedEndPoint(ulong high, ulong low, ushort port, byte family)
    {
        _high = high;
        _low = low;
        _port = port;
        _family = family;
    }

    /// <summary>False for the default value (the address could not be read).</summary>
    public bool IsKnown => _family != None;

    public int Port => _port;

    /// <summary>From a Linux struct sockaddr_in or sockaddr_in6 (as accept(2) fills it); unknown for any other family.</summary>
    public static PackedEndPoint FromSockAddr(ReadOnlySpan<byte> sockAddr)
    {
        if (sockAddr.Length < 8)
        {
            return default;
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(sockAddr[2..]);
        return sockAddr[0] switch
        {
            LinuxSockets.AfInet => new PackedEndPoint(sockAddr.Slice(4, 4), port),
            LinuxSockets.AfInet6 when sockAddr.Length >= 24 => new PackedEndPoint(sockAddr.Slice(8, 16), port),
            _ => default,
        };
    }

    /// <summary>From an endpoint the runtime already made (the sockets transport's accepted socket); unknown for null.</summary>
    public static PackedEndPoint From(IPEndPoint? endPoint) => endPoint is null ? default : From(endPoint.Address, endPoint.Port);

    public static PackedEndPoint From(IPAddress address, int port)
    {
        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out var written) ? new PackedEndPoint(bytes[..written], port) : default;
    }

    /// <summary>The address; <see cref="IPAddress.None"/> when unknown.</summary>
    public IPAddress ToAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        switch (_family)
        {
            case V4:
                MemoryMarshal.Write(bytes, (uint)_low);
                return new IPAddress(bytes[..4]);
            case V6:
                MemoryMarshal.Write(bytes, _high);
                MemoryMarshal.Write(bytes[8..], _low);
                return new IPAddress(bytes);
            default:
                return IPAddress.None;
        }
    }

    public IPEndPoint ToEndPoint() => new(ToAddress(), _port);

    /// <summary>
    /// The address alone (port 0): the key connections are counted under per source, the same for an IPv4 client
    /// whether it came in on an IPv4 or a dual-stack socket.
    /// </summary>
    public PackedEndPoint Source => new(_high, _low, 0, _family);

    public bool Equals(PackedEndPoint other) =>
        _high == other._high && _low == other._low && _port == other._port && _family == other._family;

    public override bool Equals(object? obj) => obj is PackedEndPoint other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, _port, _family);

    private static bool IsIPv4Mapped(ReadOnlySpan<byte> address) =>
        address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xff && address[11] == 0xff;
}
