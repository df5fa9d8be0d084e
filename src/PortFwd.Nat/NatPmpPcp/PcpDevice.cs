using System.Net;
using System.Security.Cryptography;

namespace PortFwd.Nat.NatPmpPcp;

/// <summary>A router that speaks PCP (RFC 6887). Every mapping keeps its nonce: renewing or deleting it
/// needs the same one. With a nonce seed the nonce is derived from the seed and the mapping, so a restarted
/// application can still renew what it mapped before.</summary>
internal sealed class PcpDevice(IPEndPoint gateway, IPAddress localAddress, TimeSpan requestTimeout, TimeProvider time,
    byte[]? nonceSeed = null)
    : GatewayDevice(gateway, localAddress, requestTimeout, time)
{
    /// <summary>RFC 6887 suggests 3 s; a LAN router answers in milliseconds, and the call timeout bounds it all.</summary>
    internal static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);

    private IPAddress? _lastExternalAddress;
    private bool _natPmpUnsupported;

    public override RouterProtocol Protocol => RouterProtocol.Pcp;

    /// <summary>PCP has no "external address" request. Ask the same server over NAT-PMP (most PCP servers also
    /// speak it), and fall back to the address the last MAP answer carried.</summary>
    public override async Task<NatResult<IPAddress>> GetExternalIPAsync(CancellationToken cancellationToken = default)
    {
        var announce = await AnnounceAsync(cancellationToken);
        if (!announce.IsSuccess)
        {
            return announce.Error;
        }

        if (!Volatile.Read(ref _natPmpUnsupported))
        {
            var viaNatPmp = await NatPmpDevice.QueryExternalAddressAsync(Gateway, LocalAddress, RequestTimeout / 2, cancellationToken);
            if (viaNatPmp.IsSuccess && viaNatPmp.Value!.Result != 1)
            {
                var address = NatPmpDevice.ToExternalAddress(viaNatPmp.Value);
                return address.IsSuccess ? address : address.Error with { Protocol = RouterProtocol.Pcp };
            }

            // Asked once: a server that does not speak NAT-PMP will not start to.
            Volatile.Write(ref _natPmpUnsupported, true);
        }

        return Volatile.Read(ref _lastExternalAddress) is { } known
            ? NatResult<IPAddress>.Ok(known)
            : new NatError(NatErrorKind.Unsupported, "The PCP server does not tell its external address before a port is mapped.")
            { Protocol = Protocol };
    }

    /// <summary>ANNOUNCE: proves the server speaks PCP and gives its epoch.</summary>
    internal async Task<NatResult<PcpAnswer>> AnnounceAsync(CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        // A NAT-PMP-only server answers with its own version 0 "unsupported version" packet.
        var raw = await UdpExchange.SendAsync(Gateway, LocalAddress, PcpPacket.Announce(LocalAddress),
            a => PcpPacket.IsAnswerTo(a, PcpPacket.OpAnnounce) || (a.Length >= 4 && a[0] == NatPmpPacket.Version),
            timeout ?? RequestTimeout, FirstRetry, Protocol, cancellationToken);
        if (!raw.IsSuccess)
        {
            return raw.Error;
        }

        if (raw.Value![0] == NatPmpPacket.Version)
        {
            return GatewayErrors.FromPcp(1);
        }

        var answer = PcpPacket.Parse(raw.Value);
        ObserveEpoch(answer.Epoch);
        return answer.Result == 0 ? NatResult<PcpAnswer>.Ok(answer) : GatewayErrors.FromPcp(answer.Result);
    }

    /// <summary>A fresh random nonce, or with a seed HMAC(seed, local address, protocol, internal port): secret
    /// to others on the LAN, stable for this machine across restarts.</summary>
    internal byte[] NonceFor(PortProtocol protocol, ushort internalPort)
    {
        if (nonceSeed is null || nonceSeed.Length == 0)
        {
            return RandomNumberGenerator.GetBytes(PcpPacket.NonceLength);
        }

        var identity = System.Text.Encoding.ASCII.GetBytes($"{LocalAddress}|{protocol.ToWireName()}|{internalPort}");
        return HMACSHA256.HashData(nonceSeed, identity)[..PcpPacket.NonceLength];
    }

    private protected override async Task<NatResult<GrantedMapping>> MapAsync(PortProtocol protocol, ushort internalPort,
        ushort suggestedExternalPort, uint lifetimeSeconds, byte[]? nonce, CancellationToken cancellationToken)
    {
        nonce ??= NonceFor(protocol, internalPort);
        var request = PcpPacket.Map(LocalAddress, lifetimeSeconds, nonce, protocol, internalPort, suggestedExternalPort, null);
        var raw = await UdpExchange.SendAsync(Gateway, LocalAddress, request,
            a => PcpPacket.IsMapAnswerTo(a, request) || (PcpPacket.IsAnswerTo(a, PcpPacket.OpMap) && a.Length < PcpPacket.MapLength && a[3] != 0),
            RequestTimeout, FirstRetry, Protocol, cancellationToken);
        if (!raw.IsSuccess)
        {
            return raw.Error;
        }

        var answer = PcpPacket.Parse(raw.Value);
        ObserveEpoch(answer.Epoch);
        if (answer.Result != 0)
        {
            return GatewayErrors.FromPcp(answer.Result);
        }

        if (answer.ExternalAddress is { } external && !external.Equals(IPAddress.Any))
        {
            Volatile.Write(ref _lastExternalAddress, external);
        }

        return NatResult<GrantedMapping>.Ok(new GrantedMapping(answer.ExternalPort, answer.Lifetime, answer.ExternalAddress, nonce));
    }
}
