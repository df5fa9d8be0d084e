using System.Buffers.Binary;
using System.Net;

namespace PortFwd.Nat.NatPmpPcp;

/// <summary>PCP (RFC 6887) requests and answers, byte for byte: the common header (24 bytes) and the MAP
/// opcode (36 more). Addresses travel as 16 bytes, IPv4 as IPv4-mapped IPv6.</summary>
internal static class PcpPacket
{
    public const byte Version = 2;
    public const byte OpAnnounce = 0;
    public const byte OpMap = 1;
    public const int NonceLength = 12;
    public const int HeaderLength = 24;
    public const int MapLength = HeaderLength + 36;

    public static byte[] Announce(IPAddress client)
    {
        var p = new byte[HeaderLength];
        WriteHeader(p, OpAnnounce, 0, client);
        return p;
    }

    /// <summary>A MAP request; lifetime 0 deletes the mapping (same nonce, protocol and internal port).</summary>
    public static byte[] Map(IPAddress client, uint lifetimeSeconds, ReadOnlySpan<byte> nonce, PortProtocol protocol,
        ushort internalPort, ushort suggestedExternalPort, IPAddress? suggestedExternalAddress)
    {
        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException("PCP nonce must be 12 bytes", nameof(nonce));
        }

        var p = new byte[MapLength];
        WriteHeader(p, OpMap, lifetimeSeconds, client);
        var m = p.AsSpan(HeaderLength);
        nonce.CopyTo(m);
        m[12] = ProtocolNumber(protocol);
        BinaryPrimitives.WriteUInt16BigEndian(m[16..], internalPort);
        BinaryPrimitives.WriteUInt16BigEndian(m[18..], suggestedExternalPort);
        WriteAddress(m[20..36], suggestedExternalAddress ?? IPAddress.Any);
        return p;
    }

    public static byte ProtocolNumber(PortProtocol protocol) => protocol == PortProtocol.Tcp ? (byte)6 : (byte)17;

    public static bool IsAnswerTo(ReadOnlySpan<byte> packet, byte requestOpcode) =>
        packet.Length >= HeaderLength && packet[0] == Version && packet[1] == (0x80 | requestOpcode);

    /// <summary>True when a MAP answer belongs to the request (same nonce, protocol and internal port).</summary>
    public static bool IsMapAnswerTo(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> request) =>
        IsAnswerTo(packet, OpMap) && packet.Length >= MapLength
        && packet.Slice(HeaderLength, NonceLength).SequenceEqual(request.Slice(HeaderLength, NonceLength))
        && packet[HeaderLength + 12] == request[HeaderLength + 12]
        && packet.Slice(HeaderLength + 16, 2).SequenceEqual(request.Slice(HeaderLength + 16, 2));

    public static PcpAnswer Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < HeaderLength)
        {
            throw new FormatException("PCP answer shorter than 24 bytes");
        }

        var answer = new PcpAnswer
        {
            Opcode = (byte)(packet[1] & 0x7F),
            Result = packet[3],
            Lifetime = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            Epoch = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
        };
        if (answer.Opcode != OpMap || packet.Length < MapLength)
        {
            return answer;
        }

        var m = packet[HeaderLength..];
        return answer with
        {
            Nonce = m[..NonceLength].ToArray(),
            ProtocolNumber = m[12],
            InternalPort = BinaryPrimitives.ReadUInt16BigEndian(m[16..]),
            ExternalPort = BinaryPrimitives.ReadUInt16BigEndian(m[18..]),
            ExternalAddress = ReadAddress(m[20..36]),
        };
    }

    private static void WriteHeader(Span<byte> p, byte opcode, uint lifetime, IPAddress client)
    {
        p[0] = Version;
        p[1] = opcode;
        BinaryPrimitives.WriteUInt32BigEndian(p[4..], lifetime);
        WriteAddress(p[8..24], client);
    }

    private static void WriteAddress(Span<byte> destination, IPAddress address)
    {
        var v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        if (!v6.TryWriteBytes(destination, out _))
        {
            throw new ArgumentException("address does not fit", nameof(address));
        }
    }

    private static IPAddress ReadAddress(ReadOnlySpan<byte> source)
    {
        var address = new IPAddress(source);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}

/// <summary>A parsed PCP answer (MAP fields are set for MAP answers).</summary>
internal sealed record PcpAnswer
{
    public byte Opcode { get; init; }
    public byte Result { get; init; }
    public uint Lifetime { get; init; }
    public uint Epoch { get; init; }
    public byte[]? Nonce { get; init; }
    public byte ProtocolNumber { get; init; }
    public ushort InternalPort { get; init; }
    public ushort ExternalPort { get; init; }
    public IPAddress? ExternalAddress { get; init; }
}
