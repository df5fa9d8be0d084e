using Microsoft.Extensions.DependencyInjection;
using PortFwd.Relay.Engine;

namespace PortFwd.Web.Tests.Api;

/// <summary><c>PortFwd:Relay:UdpBatch</c> moves the app's UDP datagrams in batches (Linux recvmmsg and sendmmsg).</summary>
public sealed class RelayUdpBatchSettingTests
{
    [Fact]
    public async Task By_default_udp_is_batched_on_linux()
    {
        await using var panel = new PanelFactory();
        _ = panel.Server;

        Assert.Equal(OperatingSystem.IsLinux(), panel.Services.GetRequiredService<RelayEngine>().UdpBatch);
    }

    [Fact]
    public async Task Turned_off_udp_goes_one_datagram_at_a_time()
    {
        await using var panel = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:Relay:UdpBatch"] = "false" });
        _ = panel.Server;

        Assert.False(panel.Services.GetRequiredService<RelayEngine>().UdpBatch);
    }
}
