using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PortFwd.Testing.Logging;

namespace PortFwd.Nat.Tests.NatPmpPcp;

/// <summary>Discovery against small fake PCP / NAT-PMP servers on 127.0.0.1 (nothing leaves the machine).</summary>
public sealed class LoopbackGatewayTests : IDisposable
{
    private readonly UdpClient _server = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();

    private int Port => ((IPEndPoint)_server.Client.LocalEndPoint!).Port;

    private NatDiscoveryOptions Options(TimeSpan timeout) => new()
    {
        LocalAddress = IPAddress.Loopback,
        Gateway = IPAddress.Loopback,
        GatewayPort = Port,
        Methods = DiscoveryMethods.Pcp | DiscoveryMethods.NatPmp,
        Timeout = timeout,
    };

    [Fact]
    public async Task A_NAT_PMP_only_gateway_is_found_at_once_after_it_rejects_PCP()
    {
        Serve(request => request[0] == 2
            ? [0, (byte)(128 + request[1]), 0, 1, 0, 0, 0, 9]          // NAT-PMP: unsupported version
            : [0, 128, 0, 0, 0, 0, 0, 9, 203, 0, 113, 7]);            // external address 203.0.113.7

        var watch = Stopwatch.StartNew();
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(Options(TimeSpan.FromSeconds(5)), TestContext.Current.CancellationToken)).GetValueOrThrow();

        Assert.Equal(RouterProtocol.NatPmp, device.Protocol);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal(IPAddress.Parse("203.0.113.7"), (await device.GetExternalIPAsync(TestContext.Current.CancellationToken)).Value);
    }

    [Fact]
    public async Task A_gateway_that_ignores_PCP_is_still_found_over_NAT_PMP()
    {
        Serve(request => request[0] == 2 ? null : [0, 128, 0, 0, 0, 0, 0, 9, 203, 0, 113, 7]);

        var r = await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(Options(TimeSpan.FromSeconds(3)), TestContext.Current.CancellationToken);

        Assert.Equal(RouterProtocol.NatPmp, r.GetValueOrThrow().Protocol);
        r.Value!.Dispose();
    }

    [Fact]
    public async Task A_silent_gateway_gives_a_reason_within_the_total_timeout()
    {
        Serve(_ => null);

        var watch = Stopwatch.StartNew();
        var r = await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(Options(TimeSpan.FromSeconds(1)), TestContext.Current.CancellationToken);

        Assert.Equal(NatErrorKind.NotFound, r.Error?.Kind);
        Assert.Contains("did not answer", r.Error?.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Nothing_configured_is_an_error_that_says_what_to_set()
    {
        var r = await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(new NatDiscoveryOptions(), TestContext.Current.CancellationToken);

        Assert.Equal(NatErrorKind.NotFound, r.Error?.Kind);
        Assert.Contains("local address", r.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PCP_mapping_keeps_its_nonce_for_renewal_and_delete()
    {
        var requests = new System.Collections.Concurrent.ConcurrentQueue<byte[]>();
        Serve(request =>
        {
            requests.Enqueue(request);
            return PcpAnswer(request, epoch: 100);
        });
        var ct = TestContext.Current.CancellationToken;
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(Options(TimeSpan.FromSeconds(3)), ct)).GetValueOrThrow();
        var request = new MappingRequest(PortProtocol.Udp, 9000, 39000) { Lease = TimeSpan.FromMinutes(10), Description = "vpn" };

        var first = (await device.CreatePortMapAsync(request, ct)).GetValueOrThrow();
        await device.CreatePortMapAsync(request, ct);
        var listed = (await device.GetAllMappingsAsync(ct)).GetValueOrThrow();
        Assert.True((await device.DeletePortMapAsync(PortProtocol.Udp, 39000, ct)).IsSuccess);

        var maps = requests.Where(r => r[1] == 1).ToList();
        Assert.Equal(3, maps.Count);
        Assert.Single(maps.Select(m => Convert.ToHexString(m, 24, 12)).Distinct());
        Assert.Equal([600u, 600u, 0u], maps.Select(m => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(m.AsSpan(4))));
        Assert.Equal(17, maps[0][36]);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), first.ExternalAddress);
        Assert.Equal(TimeSpan.FromMinutes(10), first.Lease);
        var entry = Assert.Single(listed);
        Assert.True(entry.FromLocalTable);
        Assert.Equal("vpn", entry.Description);
        Assert.Empty((await device.GetAllMappingsAsync(ct)).GetValueOrThrow());
    }

    [Fact]
    public async Task An_epoch_that_goes_back_is_a_restart_and_empties_the_local_table()
    {
        uint epoch = 5000;
        Serve(request => PcpAnswer(request, epoch));
        var ct = TestContext.Current.CancellationToken;
        using var device = (await new NatDiscoverer(logger: TestOutputLogger.For<NatDiscoverer>()).DiscoverDeviceAsync(Options(TimeSpan.FromSeconds(3)), ct)).GetValueOrThrow();
        await device.CreatePortMapAsync(new MappingRequest(PortProtocol.Tcp, 8080, 8080), ct);

        epoch = 3;
        var status = (await device.GetStatusAsync(ct)).GetValueOrThrow();

        Assert.True(status.RestartDetected);
        Assert.Equal(1, device.RestartsDetected);
        Assert.Empty((await device.GetAllMappingsAsync(ct)).GetValueOrThrow());
        Assert.Null((await device.GetSpecificMappingAsync(PortProtocol.Tcp, 8080, ct)).GetValueOrThrow());
    }

    /// <summary>A PCP server that grants what is asked and also speaks NAT-PMP's external address request.</summary>
    private static byte[] PcpAnswer(byte[] request, uint epoch)
    {
        if (request[0] == 0)
        {
            return [0, 128, 0, 0, .. BigEndian(epoch), 203, 0, 113, 7];
        }

        var answer = (byte[])request.Clone();
        answer[1] |= 0x80;
        answer[3] = 0;
        BigEndian(epoch).CopyTo(answer, 8);
        Array.Clear(answer, 12, 12);
        if (answer.Length >= 60)
        {
            new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 203, 0, 113, 7 }.CopyTo(answer, 44);
        }

        return answer;
    }

    private static byte[] BigEndian(uint value)
    {
        var b = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }

    private void Serve(Func<byte[], byte[]?> answer) => _ = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var r = await _server.ReceiveAsync(_stop.Token);
                if (answer(r.Buffer) is { } reply)
                {
                    await _server.SendAsync(reply, r.RemoteEndPoint, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // the client went away
            }
        }
    });

    public void Dispose()
    {
        _stop.Cancel();
        _server.Dispose();
        _stop.Dispose();
    }
}
