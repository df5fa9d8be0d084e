using System.Net;
using PortFwd.Nat.NatPmpPcp;

namespace PortFwd.Nat.Tests.NatPmpPcp;

/// <summary>Packets from pcp_map.py against miniupnpd (Samples/pcp-*.txt).</summary>
public class PcpPacketTests
{
    private static readonly IPAddress Lan = IPAddress.Parse("192.168.77.10");
    private static readonly byte[] Nonce = Convert.FromHexString("00112233445566778899aabb");

    [Fact]
    public void Announce_matches_the_sample_and_its_answer_gives_the_epoch()
    {
        var (request, response) = SampleFiles.PcpHex("pcp-announce");

        Assert.Equal(request, PcpPacket.Announce(Lan));
        Assert.True(PcpPacket.IsAnswerTo(response, PcpPacket.OpAnnounce));
        var answer = PcpPacket.Parse(response);
        Assert.Equal((0, 56u), (answer.Result, answer.Epoch));
    }

    [Fact]
    public void Map_request_matches_the_sample_and_its_answer_gives_the_external_endpoint()
    {
        var (request, response) = SampleFiles.PcpHex("pcp-map-tcp");

        var built = PcpPacket.Map(Lan, 600, Nonce, PortProtocol.Tcp, 8080, 38080, null);

        Assert.Equal(request, built);
        Assert.True(PcpPacket.IsMapAnswerTo(response, built));
        var answer = PcpPacket.Parse(response);
        Assert.Equal(0, answer.Result);
        Assert.Equal(600u, answer.Lifetime);
        Assert.Equal(56u, answer.Epoch);
        Assert.Equal(Nonce, answer.Nonce);
        Assert.Equal(6, answer.ProtocolNumber);
        Assert.Equal((8080, 38080), (answer.InternalPort, answer.ExternalPort));
        Assert.Equal(IPAddress.Parse("198.51.100.1"), answer.ExternalAddress);
    }

    [Fact]
    public void Delete_is_a_map_with_lifetime_zero_and_the_same_nonce()
    {
        var (request, _) = SampleFiles.PcpHex("pcp-delete");

        Assert.Equal(request, PcpPacket.Map(Lan, 0, Nonce, PortProtocol.Tcp, 8080, 38080, null));
    }

    [Fact]
    public void Delete_with_another_nonce_is_not_authorized()
    {
        var (request, response) = SampleFiles.PcpHex("pcp-delete-wrong-nonce");

        Assert.True(PcpPacket.IsMapAnswerTo(response, request));
        Assert.False(PcpPacket.IsMapAnswerTo(response, PcpPacket.Map(Lan, 0, Nonce, PortProtocol.Tcp, 8080, 38080, null)));
        var error = GatewayErrors.FromPcp(PcpPacket.Parse(response).Result);
        Assert.Equal(NatErrorKind.NotAuthorized, error.Kind);
        Assert.Equal(2, error.Code);
        Assert.Contains("NOT_AUTHORIZED", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, NatErrorKind.Unsupported)]
    [InlineData(7, NatErrorKind.NoExternalAddress)]
    [InlineData(8, NatErrorKind.OutOfResources)]
    [InlineData(11, NatErrorKind.CannotProvideExternal)]
    [InlineData(12, NatErrorKind.AddressMismatch)]
    public void Result_codes_become_typed_errors(byte result, NatErrorKind kind) =>
        Assert.Equal(kind, GatewayErrors.FromPcp(result).Kind);

    [Fact]
    public void A_nonce_seed_gives_the_same_nonce_per_mapping_across_restarts_and_none_gives_random_ones()
    {
        var gateway = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5351);
        var seed = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        using var first = new PcpDevice(gateway, Lan, TimeSpan.FromSeconds(1), TimeProvider.System, seed);
        using var restarted = new PcpDevice(gateway, Lan, TimeSpan.FromSeconds(1), TimeProvider.System, seed);
        using var unseeded = new PcpDevice(gateway, Lan, TimeSpan.FromSeconds(1), TimeProvider.System);

        Assert.Equal(first.NonceFor(PortProtocol.Tcp, 8080), restarted.NonceFor(PortProtocol.Tcp, 8080));
        Assert.Equal(PcpPacket.NonceLength, first.NonceFor(PortProtocol.Tcp, 8080).Length);
        Assert.NotEqual(first.NonceFor(PortProtocol.Tcp, 8080), first.NonceFor(PortProtocol.Udp, 8080));
        Assert.NotEqual(first.NonceFor(PortProtocol.Tcp, 8080), first.NonceFor(PortProtocol.Tcp, 8081));
        Assert.NotEqual(unseeded.NonceFor(PortProtocol.Tcp, 8080), unseeded.NonceFor(PortProtocol.Tcp, 8080));
    }
}
