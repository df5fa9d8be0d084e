using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using PortFwd.Relay.Linux;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Tcp;

/// <summary>
/// Writes the PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2) a rule sends first on
/// each backend connection: the client's address and port (source) and the address and external port the
/// client connected to (destination). An IPv4 client of a dual-stack socket (an IPv4-mapped address) is
/// written as IPv4. Writes into the caller's buffer; nothing is allocated except for the text of an IPv6 address.
/// </summary>
internal static class ProxyHeader
{
    /// <summary>Room enough for any header this writes (a version 1 line is at most 107 bytes, version 2 at most 52).</summary>
    public const int MaxLength = 108;

    /// <summary>The 12 bytes every version 2 header starts with.</summary>
    public static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private const byte V2ProxyCommand = 0x21;
    private const byte V2TcpOverIPv4 = 0x11;
    private const byte V2TcpOverIPv6 = 0x21;

    /// <summary>The header for a connection given as two struct sockaddr (the epoll transport's peer and local names); 0 if either is not IP.</summary>
    public static int Write(Span<byte> into, ProxyProtocolVersion version, ReadOnlySpan<byte> sourceSockAddr, ReadOnlySpan<byte> destinationSockAddr)
    {
        if (!TryRead(sourceSockAddr, out var source, out var sourcePort) || !TryRead(destinationSockAddr, out var destination, out var destinationPort))
        {
            return 0;
        }

        return Write(into, version, source, sourcePort, destination, destinationPort);
    }

    /// <summary>The header for a connection from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static int Write(Span<byte> into, ProxyProtocolVersion version, IPEndPoint source, IPEndPoint destination)
    {
        Span<byte> sourceAddress = stackalloc byte[16];
        Span<byte> destinationAddress = stackalloc byte[16];
        if (!source.Address.TryWriteBytes(sourceAddress, out var sourceLength)
            || !destination.Address.TryWriteBytes(destinationAddress, out var destinationLength))
        {
            return 0;
        }

        return Write(into, version, sourceAddress[..sourceLength], source.Port, destinationAddress[..destinationLength], destination.Port);
    }

    /// <summary>The header for addresses of 4 (IPv4) or 16 bytes (IPv6, IPv4-mapped ones written as IPv4).</summary>
    public static int Write(Span<byte> into, ProxyProtocolVersion version, ReadOnlySpan<byte> source, int sourcePort, ReadOnlySpan<byte> destination, int destinationPort)
    {
        source = Unmapped(source);
        destination = Unmapped(destination);
        if (source.Length != destination.Length)
        {
            // One side IPv4 and the other IPv6 cannot happen on one socket; written as IPv6 should it ever.
            Span<byte> mappedSource = stackalloc byte[16];
            Span<byte> mappedDestination = stackalloc byte[16];
            Map(source, mappedSource);
            Map(destination, mappedDestination);
            return WriteVersion(into, version, mappedSource, sourcePort, mappedDestination, destinationPort);
        }

        return WriteVersion(into, version, source, sourcePort, destination, destinationPort);
    }

    private static int WriteVersion(Span<byte> into, ProxyProtocolVersion version, ReadOnlySpan<byte> source, int sourcePort, ReadOnlySpan<byte> destination, int destinationPort) =>
        version switch
        {
            ProxyProtocolVersion.V1 => WriteV1(into, source, sourcePort, destination, destinationPort),
            ProxyProtocolVersion.V2 => WriteV2(into, source, sourcePort, destination, destinationPort),
            _ => 0,
        };

    private static int WriteV1(Span<byte> into, ReadOnlySpan<byte> source, int sourcePort, ReadOnlySpan<byte> destination, int destinationPort)
    {
        var length = Append(into, 0, source.Length == 4 ? "PROXY TCP4 "u8 : "PROXY TCP6 "u8);
        length = AppendAddress(into, length, source);
        into[length++] = (byte)' ';
        length = AppendAddress(into, length, destination);
        into[length++] = (byte)' ';
        length = AppendNumber(into, length, sourcePort);
        into[length++] = (byte)' ';
        length = AppendNumber(into, length, destinationPort);
        return Append(into, length, "\r\n"u8);
    }

    private static int WriteV2(Span<byte> into, ReadOnlySpan<byte> source, int sourcePort, ReadOnlySpan<byte> destination, int destinationPort)
    {
        V2Signature.CopyTo(into);
        into[12] = V2ProxyCommand;
        into[13] = source.Length == 4 ? V2TcpOverIPv4 : V2TcpOverIPv6;
        var addresses = (source.Length * 2) + 4;
        BinaryPrimitives.WriteUInt16BigEndian(into[14..], (ushort)addresses);
        var at = 16;
        source.CopyTo(into[at..]);
        at += source.Length;
        destination.CopyTo(into[at..]);
        at += destination.Length;
        BinaryPrimitives.WriteUInt16BigEndian(into[at..], (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(into[(at + 2)..], (ushort)destinationPort);
        return at + 4;
    }

    private static bool TryRead(ReadOnlySpan<byte> sockAddr, out ReadOnlySpan<byte> address, out int port)
    {
        address = default;
        port = 0;
        if (sockAddr.Length < 4)
        {
            return false;
        }

        port = BinaryPrimitives.ReadUInt16BigEndian(sockAddr[2..]);
        switch (sockAddr[0])
        {
            case LinuxSockets.AfInet when sockAddr.Length >= 8:
                address = sockAddr.Slice(4, 4);
                return true;
            case LinuxSockets.AfInet6 when sockAddr.Length >= 24:
                address = sockAddr.Slice(8, 16);
                return true;
            default:
                return false;
        }
    }

    private static ReadOnlySpan<byte> Unmapped(ReadOnlySpan<byte> address) =>
        address.Length == 16 && address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xFF && address[11] == 0xFF
            ? address[12..]
            : address;

    private static void Map(ReadOnlySpan<byte> address, Span<byte> into)
    {
        if (address.Length == 16)
        {
            address.CopyTo(into);
            return;
        }

        into.Clear();
        into[10] = 0xFF;
        into[11] = 0xFF;
        address.CopyTo(into[12..]);
    }

    private static int AppendAddress(Span<byte> into, int at, ReadOnlySpan<byte> address)
    {
        if (address.Length == 4)
        {
            for (var i = 0; i < 4; i++)
            {
                if (i > 0)
                {
                    into[at++] = (byte)'.';
                }

                at = AppendNumber(into, at, address[i]);
            }

            return at;
        }

        // The shortest IPv6 text (RFC 5952), as the specification asks; IPAddress writes exactly that.
        new IPAddress(address).TryFormat(into[at..], out var written);
        return at + written;
    }

    private static int AppendNumber(Span<byte> into, int at, int value)
    {
        Utf8Formatter.TryFormat(value, into[at..], out var written);
        return at + written;
    }

    private static int Append(Span<byte> into, int at, ReadOnlySpan<byte> text)
    {
        text.CopyTo(into[at..]);
        return at + text.Length;
    }
}
