using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class ProtocolNamesTests
{
    [Theory]
    [InlineData(Protocol.Tcp, "tcp", "TCP", true, false)]
    [InlineData(Protocol.Udp, "udp", "UDP", false, true)]
    [InlineData(Protocol.TcpUdp, "tcpudp", "TCP/UDP", true, true)]
    [InlineData(Protocol.Http, "http", "HTTP", true, false)]
    public void Each_protocol_has_a_wire_name_a_display_name_and_its_transports(Protocol protocol, string name, string display, bool tcp, bool udp)
    {
        Assert.Equal(name, protocol.ToName());
        Assert.Equal(display, protocol.ToDisplayName());
        Assert.Equal(tcp, protocol.UsesTcp());
        Assert.Equal(udp, protocol.UsesUdp());
        Assert.True(ProtocolNames.TryParse(name, out var parsed));
        Assert.Equal(protocol, parsed);
        Assert.True(ProtocolNames.TryParse(display, out var parsedDisplay));
        Assert.Equal(protocol, parsedDisplay);
    }

    [Fact]
    public void All_lists_the_wire_name_of_every_protocol_once()
    {
        Assert.Equal(Enum.GetValues<Protocol>().Select(p => p.ToName()), ProtocolNames.All);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sctp")]
    [InlineData("tcp udp")]
    [InlineData("https")]
    public void Unknown_names_do_not_parse(string? name)
    {
        Assert.False(ProtocolNames.TryParse(name, out _));
    }

    [Fact]
    public void Undefined_protocol_value_has_no_name()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Protocol)42).ToName());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Protocol)42).ToDisplayName());
    }
}
