using PortFwd.Testing.Logging;
using PortFwd.Testing.Testbed;

namespace PortFwd.Nat.Tests.Testbed;

/// <summary>UPnP IGD against Debian's miniupnpd in the testbed.</summary>
[Collection(IgdTestbedCollection.Name)]
public sealed class UpnpTestbedTests(IgdTestbed testbed)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_finds_the_router_by_SSDP_first_with_its_external_ip_and_status()
    {
        var env = await testbed.UseAsync();

        var found = await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(), Ct);

        using var device = found.GetValueOrThrow();
        Assert.Equal(RouterProtocol.Upnp, device.Protocol);
        Assert.Equal("IGD testbed router", device.Name);
        Assert.Contains(env.ServiceType, device.Details, StringComparison.Ordinal);
        Assert.Equal(env.LanHost, device.LocalAddress);
        Assert.Equal(env.RouterLan, device.RouterAddress);
        Assert.Equal(env.RouterWan, (await device.GetExternalIPAsync(Ct)).Value);
        var status = (await device.GetStatusAsync(Ct)).GetValueOrThrow();
        Assert.Equal("Connected", status.ConnectionStatus);
        Assert.Equal(env.RouterWan, status.ExternalAddress);
        Assert.Equal(ExternalAddressKind.Documentation, status.AddressKind);
        Assert.Null(status.Warning);
        Assert.NotNull(status.Uptime);
    }

    [Fact]
    public async Task Miniupnpd_without_a_presentation_url_setting_gives_its_lan_address_on_port_80_as_the_routers_page()
    {
        // The testbed writes no presentation_url, so this is miniupnpd's own default: http://<listening address>/.
        var env = await testbed.UseAsync();

        var found = await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Upnp), Ct);

        using var device = found.GetValueOrThrow();
        Assert.Equal(new Uri($"http://{env.RouterLan}/"), device.WebPage);
    }

    [Fact]
    public async Task Discovery_from_a_description_url_learns_the_local_address()
    {
        var env = await testbed.UseAsync();

        var found = await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(
            new NatDiscoveryOptions { DescriptionUrl = env.DescriptionUrl, Methods = DiscoveryMethods.Upnp }, Ct);

        using var device = found.GetValueOrThrow();
        Assert.Equal(env.LanHost, device.LocalAddress);
        Assert.Equal(env.RouterWan, (await device.GetExternalIPAsync(Ct)).Value);
    }

    [Fact]
    public async Task Tcp_and_udp_mappings_reach_the_lan_host_from_the_internet_and_close_after_delete()
    {
        var env = await testbed.UseAsync();
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Upnp), Ct)).GetValueOrThrow();

        await MappingScenario.OpenRenewListAndCloseAsync(device, env, Ct);
    }

    [Fact]
    public async Task A_port_held_by_another_lan_host_gives_718_naming_that_host()
    {
        var env = await testbed.UseAsync();
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Upnp), Ct)).GetValueOrThrow();
        var port = TestbedEnv.RandomPort();
        await OtherLanHost.MapAsync(env, port);
        try
        {
            var clash = await device.CreatePortMapAsync(new MappingRequest(PortProtocol.Tcp, 8080, port), Ct);
            var delete = await device.DeletePortMapAsync(PortProtocol.Tcp, port, Ct);
            var list = (await device.GetAllMappingsAsync(Ct)).GetValueOrThrow();

            Assert.Equal(NatErrorKind.ConflictInMappingEntry, clash.Error?.Kind);
            Assert.Equal(718, clash.Error?.Code);
            Assert.Equal(env.OtherLanHost, clash.Error?.HeldBy);
            Assert.Contains($"already forwarded to {env.OtherLanHost}", clash.Error?.Message, StringComparison.Ordinal);
            Assert.Equal(NatErrorKind.NotAuthorized, delete.Error?.Kind);
            Assert.Contains(list, m => m.ExternalPort == port && m.InternalClient.Equals(env.OtherLanHost));
        }
        finally
        {
            await OtherLanHost.UnmapAsync(env, port);
        }
    }

    [Fact]
    public async Task Mapping_to_another_host_in_secure_mode_is_refused_in_words()
    {
        var env = await testbed.UseAsync();
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Upnp), Ct)).GetValueOrThrow();

        var r = await device.CreatePortMapAsync(
            new MappingRequest(PortProtocol.Tcp, 8080, TestbedEnv.RandomPort()) { InternalClient = env.OtherLanHost }, Ct);

        Assert.Equal(NatErrorKind.ConflictInMappingEntry, r.Error?.Kind);
        Assert.Null(r.Error?.HeldBy);
        Assert.Contains("only lets this machine", r.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_keeper_renews_in_the_background_and_re_adds_a_mapping_deleted_behind_its_back()
    {
        var env = await testbed.UseAsync();
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Upnp), Ct)).GetValueOrThrow();
        using var peers = new LanPeers(env.LanHost, "kept");
        var port = TestbedEnv.RandomPort();
        await using var keeper = new PortMappingKeeper(device, logger: TestOutputLogger.For<PortMappingKeeper>());
        var renewed = new TaskCompletionSource();
        var readded = new TaskCompletionSource();
        keeper.LeaseChanged += (_, e) =>
        {
            if (e.Kind == LeaseEventKind.Renewed)
            {
                renewed.TrySetResult();
            }

            if (e.Kind == LeaseEventKind.Readded)
            {
                readded.TrySetResult();
            }
        };

        keeper.Start();
        Assert.True((await keeper.AddAsync(new MappingRequest(PortProtocol.Tcp, peers.TcpPort, port) { Lease = TimeSpan.FromSeconds(2) }, Ct)).IsSuccess);
        await renewed.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await keeper.StopAsync();
        var lease = (await device.GetSpecificMappingAsync(PortProtocol.Tcp, port, Ct)).GetValueOrThrow()!.Lease;

        Assert.True((await device.DeletePortMapAsync(PortProtocol.Tcp, port, Ct)).IsSuccess);
        await keeper.ResyncAsync(Ct);
        await readded.Task.WaitAsync(TimeSpan.FromSeconds(1), Ct);
        var back = (await device.GetSpecificMappingAsync(PortProtocol.Tcp, port, Ct)).GetValueOrThrow();
        var reached = await Netns.TcpFromInternetAsync(env, port);
        await keeper.RemoveAsync(PortProtocol.Tcp, port, Ct);

        Assert.True(lease > TimeSpan.Zero && lease <= TimeSpan.FromSeconds(2), $"lease {lease}");
        Assert.NotNull(back);
        Assert.Equal("kept", reached);
    }
}
