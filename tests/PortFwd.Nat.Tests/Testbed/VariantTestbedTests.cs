using PortFwd.Testing.Logging;
using PortFwd.Testing.Testbed;

namespace PortFwd.Nat.Tests.Testbed;

/// <summary>The testbed rebuilt with other settings: an IGDv1 router, and a router without a public address.</summary>
[Collection(IgdTestbedCollection.Name)]
public sealed class VariantTestbedTests(IgdTestbed testbed)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_IGDv1_router_is_discovered_and_maps_ports()
    {
        var env = await testbed.UseAsync(new TestbedSettings(ForceIgdV1: true));
        Assert.EndsWith(":1", env.ServiceType, StringComparison.Ordinal);
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Upnp), Ct)).GetValueOrThrow();
        using var peers = new LanPeers(env.LanHost, "hello-igdv1");
        var port = TestbedEnv.RandomPort();

        Assert.Contains("urn:schemas-upnp-org:service:WANIPConnection:1", device.Details, StringComparison.Ordinal);
        var added = await device.CreatePortMapAsync(new MappingRequest(PortProtocol.Tcp, peers.TcpPort, port) { Description = "v1" }, Ct);
        var reached = await Netns.TcpFromInternetAsync(env, port);
        var listed = (await device.GetAllMappingsAsync(Ct)).GetValueOrThrow();
        var deleted = await device.DeletePortMapAsync(PortProtocol.Tcp, port, Ct);

        Assert.True(added.IsSuccess, added.ToString());
        Assert.Equal("hello-igdv1", reached);
        Assert.Contains(listed, m => m.ExternalPort == port && m.Description == "v1");
        Assert.True(deleted.IsSuccess);
        Assert.Equal(env.RouterWan, (await device.GetExternalIPAsync(Ct)).Value);
    }

    [Fact]
    public async Task A_router_without_a_public_address_gives_the_CGNAT_answer_over_every_protocol()
    {
        var env = await testbed.UseAsync(new TestbedSettings(Stun: false));
        var port = TestbedEnv.RandomPort();

        using var upnp = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Upnp), Ct)).GetValueOrThrow();
        var status = (await upnp.GetStatusAsync(Ct)).GetValueOrThrow();
        var refused = await upnp.CreatePortMapAsync(new MappingRequest(PortProtocol.Tcp, 8080, port), Ct);

        Assert.Null(status.ExternalAddress);
        Assert.True(status.AddressKind.IsBehindAnotherNat());
        Assert.Contains("carrier-grade NAT", status.Warning, StringComparison.Ordinal);
        Assert.Equal(NatErrorKind.NoExternalAddress, status.ExternalAddressError?.Kind);
        Assert.Equal(NatErrorKind.ActionFailed, refused.Error?.Kind);
        Assert.Equal(501, refused.Error?.Code);
        Assert.Contains("no usable public address", refused.Error?.Message, StringComparison.Ordinal);

        using var natPmp = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.NatPmp), Ct)).GetValueOrThrow();
        var natPmpAddress = await natPmp.GetExternalIPAsync(Ct);
        Assert.Equal(NatErrorKind.NoExternalAddress, natPmpAddress.Error?.Kind);
        Assert.Equal(3, natPmpAddress.Error?.Code);
        Assert.Contains("carrier-grade NAT", (await natPmp.GetStatusAsync(Ct)).GetValueOrThrow().Warning, StringComparison.Ordinal);

        using var pcp = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(env.Options(DiscoveryMethods.Pcp), Ct)).GetValueOrThrow();
        var pcpMap = await pcp.CreatePortMapAsync(new MappingRequest(PortProtocol.Tcp, 8080, port), Ct);
        Assert.False(pcpMap.IsSuccess);
        Assert.Equal(RouterProtocol.Pcp, pcpMap.Error.Protocol);
    }
}
