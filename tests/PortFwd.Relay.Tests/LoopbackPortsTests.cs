using System.Net;
using System.Net.Sockets;

namespace PortFwd.Relay.Tests;

/// <summary>The shared free-port finder the relay and panel tests open their rules with.</summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void A_free_range_lies_below_the_ephemeral_ports_and_every_port_in_it_opens_for_tcp_and_udp()
    {
        var first = LoopbackPorts.FreeRange(3);

        Assert.InRange(first, 1024, 32768 - 3);
        for (var port = first; port < first + 3; port++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, port);
            tcp.Start();
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        }
    }

    [Fact]
    public async Task Accepts_tells_a_listening_port_from_a_closed_one()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, LoopbackPorts.Free());
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.True(await LoopbackPorts.AcceptsAsync(open, ct));
        Assert.False(await LoopbackPorts.AcceptsAsync(LoopbackPorts.Free(), ct));
    }
}
