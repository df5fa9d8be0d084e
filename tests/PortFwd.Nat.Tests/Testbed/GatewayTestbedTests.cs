namespace PortFwd.Nat.Tests.Testbed;

/// <summary>PCP and NAT-PMP against Debian's miniupnpd in the testbed, always to its explicit address.</summary>
[Collection(IgdTestbedCollection.Name)]
public sealed class GatewayTestbedTests(IgdTestbed testbed)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_UPnP_discovery_picks_PCP_before_NAT_PMP()
    {
        var env = await testbed.UseAsync();

        using var device = (await new NatDiscoverer().DiscoverDeviceAsync(env.Options(DiscoveryMethods.Pcp | DiscoveryMethods.NatPmp), Ct)).GetValueOrThrow();

        Assert.Equal(RouterProtocol.Pcp, device.Protocol);
        Assert.Equal(env.RouterLan, device.RouterAddress);
        Assert.False(device.CanListRouterTable);
        Assert.Equal(env.RouterWan, (await device.GetExternalIPAsync(Ct)).Value);
    }

    [Fact]
    public async Task Pcp_mappings_reach_the_lan_host_are_renewed_with_their_nonce_and_close_after_delete()
    {
        var env = await testbed.UseAsync();
        using var device = (await new NatDiscoverer().DiscoverDeviceAsync(env.Options(DiscoveryMethods.Pcp), Ct)).GetValueOrThrow();
        Assert.Equal(RouterProtocol.Pcp, device.Protocol);

        await MappingScenario.OpenRenewListAndCloseAsync(device, env, Ct);
    }

    [Fact]
    public async Task Nat_pmp_mappings_reach_the_lan_host_are_renewed_and_close_after_delete()
    {
        var env = await testbed.UseAsync();
        using var device = (await new NatDiscoverer().DiscoverDeviceAsync(env.Options(DiscoveryMethods.NatPmp), Ct)).GetValueOrThrow();
        Assert.Equal(RouterProtocol.NatPmp, device.Protocol);
        var status = (await device.GetStatusAsync(Ct)).GetValueOrThrow();
        Assert.Equal(env.RouterWan, status.ExternalAddress);
        Assert.Equal("Connected", status.ConnectionStatus);

        await MappingScenario.OpenRenewListAndCloseAsync(device, env, Ct);
    }

    [Fact]
    public async Task A_router_restart_is_seen_in_the_PCP_epoch_and_the_keeper_adds_the_mapping_again()
    {
        var env = await testbed.UseAsync();
        using var device = (await new NatDiscoverer().DiscoverDeviceAsync(env.Options(DiscoveryMethods.Pcp), Ct)).GetValueOrThrow();
        using var peers = new LanPeers(env.LanHost, "back-after-restart");
        var port = TestbedEnv.RandomPort();
        await using var keeper = new PortMappingKeeper(device);
        var kinds = new List<LeaseEventKind>();
        keeper.LeaseChanged += (_, e) => kinds.Add(e.Kind);
        Assert.True((await keeper.AddAsync(new MappingRequest(PortProtocol.Tcp, peers.TcpPort, port) { Lease = TimeSpan.FromMinutes(10) }, Ct)).IsSuccess);

        // The epoch check needs the old router to have run a few seconds (RFC 6887 allows 2 s of slack).
        var uptime = (await device.GetStatusAsync(Ct)).GetValueOrThrow().Uptime ?? TimeSpan.Zero;
        if (uptime < TimeSpan.FromSeconds(5)) await Task.Delay(TimeSpan.FromSeconds(5) - uptime, Ct);
        env = await testbed.RestartRouterAsync();
        Assert.Null(await Netns.TcpFromInternetAsync(env, port, TimeSpan.FromSeconds(1)));

        await keeper.ResyncAsync(Ct);
        var reached = await Netns.TcpFromInternetAsync(env, port);
        await keeper.RemoveAsync(PortProtocol.Tcp, port, Ct);

        Assert.Equal(1, device.RestartsDetected);
        Assert.Equal([LeaseEventKind.Added, LeaseEventKind.RouterRestarted, LeaseEventKind.Readded, LeaseEventKind.Removed], kinds);
        Assert.Equal("back-after-restart", reached);
    }
}
