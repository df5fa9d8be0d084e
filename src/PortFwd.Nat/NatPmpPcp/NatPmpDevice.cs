using System.Net;

namespace PortFwd.Nat.NatPmpPcp;

/// <summary>A router that speaks NAT-PMP (RFC 6886).</summary>
internal sealed class NatPmpDevice(IPEndPoint gateway, IPAddress localAddress, TimeSpan requestTimeout, TimeProvider time)
    : GatewayDevice(gateway, localAddress, requestTimeout, time)
{
    /// <summary>RFC 6886 starts at 250 ms and doubles.</summary>
    internal static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);

    public override RouterProtocol Protocol => RouterProtocol.NatPmp;

    public override async Task<NatResult<IPAddress>> GetExternalIPAsync(CancellationToken cancellationToken = default)
    {
        var answer = await QueryExternalAddressAsync(Gateway, LocalAddress, RequestTimeout, cancellationToken);
        if (!answer.IsSuccess)
        {
            return answer.Error;
        }

        ObserveEpoch(answer.Value!.Epoch);
        return ToExternalAddress(answer.Value);
    }

    /// <summary>Opcode 0, also used by PCP devices (servers that speak PCP usually speak NAT-PMP too) and by discovery.</summary>
    internal static async Task<NatResult<NatPmpAnswer>> QueryExternalAddressAsync(IPEndPoint gateway, IPAddress local,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        // A PCP-only server rejects the request with a PCP packet (version 2): read that as "unsupported version".
        var raw = await UdpExchange.SendAsync(gateway, local, NatPmpPacket.ExternalAddressRequest(),
            a => NatPmpPacket.IsAnswerTo(a, NatPmpPacket.OpExternalAddress) || (a.Length >= 4 && a[0] == PcpPacket.Version),
            timeout, FirstRetry, RouterProtocol.NatPmp, cancellationToken);
        if (!raw.IsSuccess)
        {
            return raw.Error;
        }

        return NatResult<NatPmpAnswer>.Ok(raw.Value![0] == PcpPacket.Version ? new NatPmpAnswer { Result = 1 } : NatPmpPacket.Parse(raw.Value));
    }

    internal static NatResult<IPAddress> ToExternalAddress(NatPmpAnswer answer)
    {
        if (answer.Result != 0)
        {
            return GatewayErrors.FromNatPmp(answer.Result);
        }

        if (answer.ExternalAddress is null || answer.ExternalAddress.Equals(IPAddress.Any))
        {
            return new NatError(NatErrorKind.NoExternalAddress, "The router reports no public address (0.0.0.0).") { Protocol = RouterProtocol.NatPmp };
        }

        return NatResult<IPAddress>.Ok(answer.ExternalAddress);
    }

    private protected override async Task<NatResult<GrantedMapping>> MapAsync(PortProtocol protocol, ushort internalPort,
        ushort suggestedExternalPort, uint lifetimeSeconds, byte[]? nonce, CancellationToken cancellationToken)
    {
        var request = NatPmpPacket.MapRequest(protocol, internalPort, suggestedExternalPort, lifetimeSeconds);
        var raw = await UdpExchange.SendAsync(Gateway, LocalAddress, request,
            a => NatPmpPacket.IsAnswerTo(a, request[1]) && (a.Length < 16 || NatPmpPacket.Parse(a).InternalPort == internalPort),
            RequestTimeout, FirstRetry, Protocol, cancellationToken);
        if (!raw.IsSuccess)
        {
            return raw.Error;
        }

        var answer = NatPmpPacket.Parse(raw.Value);
        ObserveEpoch(answer.Epoch);
        if (answer.Result != 0)
        {
            return GatewayErrors.FromNatPmp(answer.Result);
        }

        return NatResult<GrantedMapping>.Ok(new GrantedMapping(answer.ExternalPort, answer.Lifetime, null, null));
    }
}
