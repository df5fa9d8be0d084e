using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Testing.Logging;
using PortFwd.Testing.Testbed;

namespace PortFwd.Nat.Tests.Testbed;

/// <summary>What every protocol must do against the real router: open a TCP and a UDP port that the internet
/// reaches, keep them through a renewal, list them, and close them for good.</summary>
internal static class MappingScenario
{
    public static async Task OpenRenewListAndCloseAsync(INatDevice device, TestbedEnv env, CancellationToken ct)
    {
        using var peers = new LanPeers(env.LanHost, $"hello-over-{device.Protocol}");
        var tcpPort = TestbedEnv.RandomPort();
        var udpPort = tcpPort + 1;
        var clock = new FakeTimeProvider();
        var events = new ConcurrentQueue<LeaseEventArgs>();
        await using var keeper = new PortMappingKeeper(device, timeProvider: clock, logger: TestOutputLogger.For<PortMappingKeeper>());
        keeper.LeaseChanged += (_, e) => events.Enqueue(e);
        var lease = TimeSpan.FromMinutes(5);

        var tcp = await keeper.AddAsync(new MappingRequest(PortProtocol.Tcp, peers.TcpPort, tcpPort) { Lease = lease, Description = "PortFwd test: tcp" }, ct);
        var udp = await keeper.AddAsync(new MappingRequest(PortProtocol.Udp, peers.UdpPort, udpPort) { Lease = lease, Description = "PortFwd test: udp" }, ct);
        try
        {
            Assert.True(tcp.IsSuccess, tcp.ToString());
            Assert.True(udp.IsSuccess, udp.ToString());
            Assert.Equal(tcpPort, tcp.Value!.ExternalPort);
            Assert.Equal(env.LanHost, tcp.Value.InternalClient);

            Assert.Equal(peers.Greeting, await Netns.TcpFromInternetAsync(env, tcpPort));
            Assert.Equal("echo:ping", await Netns.UdpFromInternetAsync(env, udpPort, "ping"));

            // Half-life on the keeper's clock: both leases are renewed on the real router (PCP: same nonce).
            clock.Advance(tcp.Value.Lease / 2 + TimeSpan.FromSeconds(1));
            await keeper.RenewDueAsync(ct);
            Assert.Equal(2, events.Count(e => e.Kind == LeaseEventKind.Renewed));
            Assert.Equal(peers.Greeting, await Netns.TcpFromInternetAsync(env, tcpPort));

            var listed = (await device.GetAllMappingsAsync(ct)).GetValueOrThrow();
            var listedTcp = Assert.Single(listed, m => m.ExternalPort == tcpPort && m.Protocol == PortProtocol.Tcp);
            Assert.Equal((env.LanHost, peers.TcpPort), (listedTcp.InternalClient, listedTcp.InternalPort));
            Assert.Single(listed, m => m.ExternalPort == udpPort && m.Protocol == PortProtocol.Udp);
            Assert.Equal("PortFwd test: tcp", listedTcp.Description);
            Assert.NotNull((await device.GetSpecificMappingAsync(PortProtocol.Udp, udpPort, ct)).GetValueOrThrow());
        }
        finally
        {
            Assert.True((await keeper.RemoveAsync(PortProtocol.Tcp, tcpPort, ct)).IsSuccess);
            Assert.True((await keeper.RemoveAsync(PortProtocol.Udp, udpPort, ct)).IsSuccess);
        }

        Assert.Null((await device.GetSpecificMappingAsync(PortProtocol.Tcp, tcpPort, ct)).GetValueOrThrow());
        var closed = await Task.WhenAll(Netns.TcpFromInternetAsync(env, tcpPort), Netns.UdpFromInternetAsync(env, udpPort, "ping"));
        Assert.Equal([null, null], closed);
        Assert.DoesNotContain(events, e => e.Error is not null);
    }
}
