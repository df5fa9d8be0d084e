using System.Net.Sockets;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests;

/// <summary>Counts the whole process's descriptors, so it runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(DescriptorLeakTests), DisableParallelization = true)]
[Collection(nameof(DescriptorLeakTests))]
public sealed class DescriptorLeakTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task No_descriptor_leaks_after_ten_thousand_short_connections(RelayTcpTransport transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, limits: new RelayLimits(MaxTcpConnections: 4096)), Ct)).Tcp();
        var payload = new byte[32];

        async Task ShortConnectionsAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var client = await Net.ConnectAsync(relay);
                await client.SendAllAsync(payload);
                client.Shutdown(SocketShutdown.Send);
                var received = await client.ReceiveToEndAsync();
                Assert.Equal(payload.Length + TcpBackend.Trailer.Length, received.Length);
            }
        }

        // Warm up so lazily created runtime descriptors (epoll, eventfd, pipes) exist before counting.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ShortConnectionsAsync(25)));
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 0));
        var before = Net.OpenFileDescriptors();

        const int parallel = 16;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => ShortConnectionsAsync(10_000 / parallel)));

        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 0));
        Assert.True(await Net.EventuallyAsync(() => Net.OpenFileDescriptors() <= before + 2), $"fds before {before}, after {Net.OpenFileDescriptors()}");
        var counters = engine.GetCounters(1)!.Value;
        Assert.Equal(10_200, counters.TcpAccepted);
        Assert.Equal(0, counters.TcpUpstreamFailed);
        Assert.Equal(10_200L * payload.Length, counters.BytesClientToTarget);
    }
}
