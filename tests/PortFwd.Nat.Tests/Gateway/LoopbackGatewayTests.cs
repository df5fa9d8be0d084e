using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PortFwd.Nat.Tests.Gateway;

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
        using var device = (await new NatDiscoverer().DiscoverDeviceAsync(Options(TimeSpan.FromSeconds(5)), TestContext.Current.CancellationToken)).GetValueOrThrow();

        Assert.Equal(RouterProtocol.NatPmp, device.Protocol);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal(IPAddress.Parse("203.0.113.7"), (await device.GetExternalIPAsync(TestContext.Current.CancellationToken)).Value);
    }

    [Fact]
    public async Task A_gateway_that_ignores_PCP_is_still_found_over_NAT_PMP()
    {
        Serve(request => request[0] == 2 ? null : [0, 128, 0, 0, 0, 0, 0, 9, 203, 0, 113, 7]);

        var r = await new NatDiscoverer().DiscoverDeviceAsync(Options(TimeSpan.FromSeconds(3)), TestContext.Current.CancellationToken);

        Assert.Equal(RouterProtocol.NatPmp, r.GetValueOrThrow().Protocol);
        r.Value!.Dispose();
    }

    [Fact]
    public async Task A_silent_gateway_gives_a_reason_within_the_total_timeout()
    {
        Serve(_ => null);

        var watch = Stopwatch.StartNew();
        var r = await new NatDiscoverer().DiscoverDeviceAsync(Options(TimeSpan.FromSeconds(1)), TestContext.Current.CancellationToken);

        Assert.Equal(NatErrorKind.NotFound, r.Error?.Kind);
        Assert.Contains("did not answer", r.Error?.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Nothing_configured_is_an_error_that_says_what_to_set()
    {
        var r = await new NatDiscoverer().DiscoverDeviceAsync(new NatDiscoveryOptions(), TestContext.Current.CancellationToken);

        Assert.Equal(NatErrorKind.NotFound, r.Error?.Kind);
        Assert.Contains("local address", r.Error?.Message, StringComparison.Ordinal);
    }

    private void Serve(Func<byte[], byte[]?> answer) => _ = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var r = await _server.ReceiveAsync(_stop.Token);
                if (answer(r.Buffer) is { } reply) await _server.SendAsync(reply, r.RemoteEndPoint, _stop.Token);
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
