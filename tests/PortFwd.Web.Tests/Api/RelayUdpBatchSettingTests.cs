using Microsoft.Extensions.DependencyInjection;
using PortFwd.Relay.Engine;

namespace PortFwd.Web.Tests.Api;

/// <summary><c>PortFwd:Relay:UdpBatch</c> moves the app's UDP datagrams in batches (Linux recvmmsg and sendmmsg).</summary>
public sealed class RelayUdpBatchSettingTests
{
    [Fact]
    public async Task Without_the_setting_udp_goes_one_datagram_at_a_time()
    {
        await using var panel = new PanelFactory();
        _ = panel.Server;

        Assert.False(panel.Services.GetRequiredService<RelayEngine>().UdpBatch);
    }

    [Fact]
    public async Task The_setting_batches_udp_on_linux()
    {
        await using var panel = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:Relay:UdpBatch"] = "true" });
        _ = panel.Server;

        Assert.Equal(OperatingSystem.IsLinux(), panel.Services.GetRequiredService<RelayEngine>().UdpBatch);
    }
}
