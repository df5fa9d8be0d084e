using System.Net;
using PortFwd.Nat.NatPmpPcp;

namespace PortFwd.Nat.Tests.NatPmpPcp;

/// <summary>Packets from natpmpc against miniupnpd (Samples/natpmp-pcp-wire.txt).</summary>
public class NatPmpPacketTests
{
    [Fact]
    public void External_address_request_is_two_zero_bytes() =>
        Assert.Equal(Convert.FromHexString("0000"), NatPmpPacket.ExternalAddressRequest());

    [Fact]
    public void External_address_answer_gives_address_and_epoch()
    {
        var answer = NatPmpPacket.Parse(Convert.FromHexString("008000000000002ec6336401"));

        Assert.Equal(0, answer.Result);
        Assert.Equal(46u, answer.Epoch);
        Assert.Equal(IPAddress.Parse("198.51.100.1"), answer.ExternalAddress);
        Assert.Equal(IPAddress.Parse("198.51.100.1"), NatPmpDevice.ToExternalAddress(answer).Value);
    }

    [Fact]
    public void Map_request_matches_natpmpc()
    {
        Assert.Equal(Convert.FromHexString("000200001f906db000000258"), NatPmpPacket.MapRequest(PortProtocol.Tcp, 8080, 28080, 600));
        Assert.Equal(Convert.FromHexString("00010000238271a200000258"), NatPmpPacket.MapRequest(PortProtocol.Udp, 9090, 29090, 600));
    }

    [Fact]
    public void Map_answer_gives_ports_and_lifetime()
    {
        var raw = Convert.FromHexString("008200000000002e1f906db000000258");
        Assert.True(NatPmpPacket.IsAnswerTo(raw, NatPmpPacket.OpMapTcp));
        Assert.False(NatPmpPacket.IsAnswerTo(raw, NatPmpPacket.OpMapUdp));

        var answer = NatPmpPacket.Parse(raw);

        Assert.Equal((8080, 28080, 600u, 46u), (answer.InternalPort, answer.ExternalPort, answer.Lifetime, answer.Epoch));
    }

    [Theory]
    [InlineData(1, NatErrorKind.Unsupported)]
    [InlineData(2, NatErrorKind.NotAuthorized)]
    [InlineData(3, NatErrorKind.NoExternalAddress)]
    [InlineData(4, NatErrorKind.OutOfResources)]
    [InlineData(5, NatErrorKind.Unsupported)]
    public void Result_codes_become_typed_errors(ushort result, NatErrorKind kind)
    {
        var error = GatewayErrors.FromNatPmp(result);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(RouterProtocol.NatPmp, error.Protocol);
        Assert.Equal(result, error.Code);
    }

    [Fact]
    public void Network_failure_on_external_address_is_the_CGNAT_answer()
    {
        var answer = NatPmpPacket.Parse(Convert.FromHexString("0080000300000031"));

        var r = NatPmpDevice.ToExternalAddress(answer);

        Assert.Equal(NatErrorKind.NoExternalAddress, r.Error?.Kind);
        Assert.Contains("carrier-grade NAT", r.Error?.Message, StringComparison.Ordinal);
    }
}
