using System.Buffers.Binary;
using System.Net;

namespace PortFwd.Nat.NatPmpPcp;

/// <summary>NAT-PMP (RFC 6886) requests and answers, byte for byte.</summary>
internal static class NatPmpPacket
{
    public const int Port = 5351;
    public const byte Version = 0;
    public const byte OpExternalAddress = 0;
    public const byte OpMapUdp = 1;
    public const byte OpMapTcp = 2;

    public static byte[] ExternalAddressRequest() => [Version, OpExternalAddress];

    /// <summary>A map request; lifetime 0 deletes the mapping of <paramref name="internalPort"/>.</summary>
    public static byte[] MapRequest(PortProtocol protocol, ushort internalPort, ushort suggestedExternalPort, uint lifetimeSeconds)
    {
        var p = new byte[12];
        p[0] = Version;
        p[1] = protocol == PortProtocol.Tcp ? OpMapTcp : OpMapUdp;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), internalPort);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(6), suggestedExternalPort);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), lifetimeSeconds);
        return p;
    }

    /// <summary>True when <paramref name="packet"/> is the answer to a request with <paramref name="requestOpcode"/>
    /// (error answers may be as short as 8 bytes).</summary>
    public static bool IsAnswerTo(ReadOnlySpan<byte> packet, byte requestOpcode) =>
        packet.Length >= 8 && packet[0] == Version && packet[1] == 128 + requestOpcode;

    public static NatPmpAnswer Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 8)
        {
            throw new FormatException("NAT-PMP answer shorter than 8 bytes");
        }

        var answer = new NatPmpAnswer
        {
            Opcode = (byte)(packet[1] - 128),
            Result = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            Epoch = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
        };
        if (answer.Opcode == OpExternalAddress && packet.Length >= 12)
        {
            return answer with { ExternalAddress = new IPAddress(packet[8..12]) };
        }

        if (answer.Opcode is OpMapTcp or OpMapUdp && packet.Length >= 16)
        {
            return answer with
            {
                InternalPort = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]),
                ExternalPort = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]),
                Lifetime = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]),
            };
        }

        return answer;
    }
}

/// <summary>A parsed NAT-PMP answer.</summary>
internal sealed record NatPmpAnswer
{
    public byte Opcode { get; init; }
    public ushort Result { get; init; }
    public uint Epoch { get; init; }
    public IPAddress? ExternalAddress { get; init; }
    public ushort InternalPort { get; init; }
    public ushort ExternalPort { get; init; }
    public uint Lifetime { get; init; }
}
