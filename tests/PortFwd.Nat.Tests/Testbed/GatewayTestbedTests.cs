using PortFwd.Testing.Logging;
using PortFwd.Testing.Testbed;

namespace PortFwd.Nat.Tests.Testbed;

/// <summary>PCP and NAT-PMP against Debian's miniupnpd in the testbed, always to its explicit address.</summary>
[Collection(IgdTestbedCollection.Name)]
public sealed class GatewayTestbedTests(IgdTestbed testbed)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_UPnP_discovery_picks_PCP_before_NAT_PMP_which_tells_no_web_page()
    {
        var env = await testbed.UseAsync();

        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Pcp | DiscoveryMethods.NatPmp), Ct)).GetValueOrThrow();

        Assert.Equal(RouterProtocol.Pcp, device.Protocol);
        Assert.Equal(env.RouterLan, device.RouterAddress);
        Assert.False(device.CanListRouterTable);
        Assert.Null(device.WebPage);
        Assert.Equal(env.RouterWan, (await device.GetExternalIPAsync(Ct)).Value);
    }

    [Fact]
    public async Task Pcp_mappings_reach_the_lan_host_are_renewed_with_their_nonce_and_close_after_delete()
    {
        var env = await testbed.UseAsync();
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Pcp), Ct)).GetValueOrThrow();
        Assert.Equal(RouterProtocol.Pcp, device.Protocol);

        await MappingScenario.OpenRenewListAndCloseAsync(device, env, Ct);
    }

    [Fact]
    public async Task Nat_pmp_mappings_reach_the_lan_host_are_renewed_and_close_after_delete()
    {
        var env = await testbed.UseAsync();
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.NatPmp), Ct)).GetValueOrThrow();
        Assert.Equal(RouterProtocol.NatPmp, device.Protocol);
        Assert.Null(device.WebPage);
        var status = (await device.GetStatusAsync(Ct)).GetValueOrThrow();
        Assert.Equal(env.RouterWan, status.ExternalAddress);
        Assert.Equal("Connected", status.ConnectionStatus);

        await MappingScenario.OpenRenewListAndCloseAsync(device, env, Ct);
    }

    [Fact]
    public async Task A_router_restart_is_seen_in_the_PCP_epoch_and_UPnP_uptime_and_the_keeper_adds_the_mapping_again()
    {
        var env = await testbed.UseAsync();
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Pcp), Ct)).GetValueOrThrow();
        using var peers = new LanPeers(env.LanHost, "back-after-restart");
        var port = TestbedEnv.RandomPort();
        await using var keeper = new PortMappingKeeper(device, logger: TestOutputLogger.For<PortMappingKeeper>());
        var kinds = new List<LeaseEventKind>();
        keeper.LeaseChanged += (_, e) => kinds.Add(e.Kind);
        Assert.True((await keeper.AddAsync(new MappingRequest(PortProtocol.Tcp, peers.TcpPort, port) { Lease = TimeSpan.FromMinutes(10) }, Ct)).IsSuccess);

        // The epoch check needs the old router to have run a few seconds (RFC 6887 allows 2 s of slack).
        var uptime = (await device.GetStatusAsync(Ct)).GetValueOrThrow().Uptime ?? TimeSpan.Zero;
        if (uptime < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromSeconds(5) - uptime, Ct);
        }

        using var upnp = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Upnp), Ct)).GetValueOrThrow();
        Assert.False((await upnp.GetStatusAsync(Ct)).GetValueOrThrow().RestartDetected);
        env = await testbed.RestartRouterAsync();
        var upnpAfter = (await upnp.GetStatusAsync(Ct)).GetValueOrThrow();
        Assert.Null(await Netns.TcpFromInternetAsync(env, port, TimeSpan.FromSeconds(1)));

        await keeper.ResyncAsync(Ct);
        var reached = await Netns.TcpFromInternetAsync(env, port);
        await keeper.RemoveAsync(PortProtocol.Tcp, port, Ct);

        Assert.Equal(1, device.RestartsDetected);
        Assert.True(upnpAfter.RestartDetected, $"UPnP uptime after the restart: {upnpAfter.Uptime}");
        Assert.Equal([LeaseEventKind.Added, LeaseEventKind.RouterRestarted, LeaseEventKind.Readded, LeaseEventKind.Removed], kinds);
        Assert.Equal("back-after-restart", reached);
    }

    [Fact]
    public async Task With_its_nonce_seed_a_restarted_client_can_delete_its_PCP_mapping_and_a_stranger_cannot()
    {
        var env = await testbed.UseAsync();
        var options = env.Options(DiscoveryMethods.Pcp);
        options.PcpNonceSeed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var port = TestbedEnv.RandomPort();
        // miniupnpd lists PCP mappings over UPnP too: that is how the test sees what is left.
        using var upnp = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Upnp), Ct)).GetValueOrThrow();

        using (var before = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(options, Ct)).GetValueOrThrow())
        {
            Assert.True((await before.CreatePortMapAsync(new MappingRequest(PortProtocol.Tcp, port, port) { Lease = TimeSpan.FromMinutes(2) }, Ct)).IsSuccess);
        }

        using var stranger = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Pcp), Ct)).GetValueOrThrow();
        var refused = await stranger.DeletePortMapAsync(PortProtocol.Tcp, port, Ct);
        var stillThere = (await upnp.GetSpecificMappingAsync(PortProtocol.Tcp, port, Ct)).GetValueOrThrow();
        using var after = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(options, Ct)).GetValueOrThrow();
        var deleted = await after.DeletePortMapAsync(PortProtocol.Tcp, port, Ct);
        var gone = (await upnp.GetSpecificMappingAsync(PortProtocol.Tcp, port, Ct)).GetValueOrThrow();

        Assert.Equal(NatErrorKind.NotAuthorized, refused.Error?.Kind);
        Assert.NotNull(stillThere);
        Assert.True(deleted.IsSuccess, deleted.ToString());
        Assert.Null(gone);
    }
}
