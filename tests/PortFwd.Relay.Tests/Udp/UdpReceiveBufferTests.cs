using System.Net;
using PortFwd.Relay.Tests.Support;
using PortFwd.Relay.Udp;

namespace PortFwd.Relay.Tests.Udp;

/// <summary>
/// A port's kernel receive buffer: large for a single port, a share of a fixed budget for each port of a long range, so
/// 10,000 ports whose reader stalls cannot hold gigabytes.
/// </summary>
public sealed class UdpReceiveBufferTests
{
    [Theory]
    [InlineData(1, 4 * 1024 * 1024)]
    [InlineData(16, 4 * 1024 * 1024)]
    [InlineData(100, 671_088)]
    [InlineData(1000, 67_108)]
    [InlineData(2000, 64 * 1024)]
    [InlineData(10_000, 64 * 1024)]
    public void Each_port_of_a_range_asks_its_share_of_the_budget_between_64_KiB_and_4_MiB(int ports, int bytes) =>
        Assert.Equal(bytes, UdpPortListener.ReceiveBufferFor(ports));

    [Fact]
    public async Task A_port_of_a_10000_port_range_gets_a_smaller_kernel_buffer_than_a_single_port()
    {
        var single = Open(listenPortEnd: -1);
        var range = Open(listenPortEnd: 9999);
        try
        {
            // The kernel doubles what was asked and caps it at rmem_max (the default rmem_max, 208 KiB, would cap both alike).
            Assert.Equal(2 * 64 * 1024, range.Socket.ReceiveBufferSize);
            Assert.True(single.Socket.ReceiveBufferSize >= range.Socket.ReceiveBufferSize,
                $"single port {single.Socket.ReceiveBufferSize} bytes, range port {range.Socket.ReceiveBufferSize} bytes");
        }
        finally
        {
            await single.Close();
            await range.Close();
        }
    }

    private static UdpPortListener Open(int listenPortEnd)
    {
        // Port 0 with an end: a spec of listenPortEnd + 1 ports whose first port the kernel picks (only its count matters here).
        var spec = Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, 9), listenPort: 0, listenPortEnd: listenPortEnd, transport: Rules.RelayTransport.Udp);
        var rule = TestRule.Context(spec, TimeProvider.System);
        return UdpPortListener.Open(rule, new UdpSessionTable(rule.Counters), IPAddress.Loopback, 0, 0);
    }
}
