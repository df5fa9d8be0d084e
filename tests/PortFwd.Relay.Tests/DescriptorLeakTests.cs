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
    public async Task No_descriptor_leaks_after_ten_thousand_short_connections(TcpCarrier transport)
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

    [Fact]
    public async Task Disposing_an_epoll_engine_ends_its_event_loop_thread_and_closes_its_descriptors()
    {
        // The event loop and its descriptors are created with the first TCP rule, not with the engine.
        var engine = Net.Engine(RelayTcpTransport.Epoll);
        await using var backend = new TcpBackend();
        using (var warm = await Net.ConnectAsync(backend.EndPoint))
        {
            await warm.EchoAsync("w"u8.ToArray());
        }

        var descriptorsBefore = Net.OpenFileDescriptors();
        Assert.Equal(0, EventLoopThreads());

        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        var clients = new List<Socket>();
        for (var i = 0; i < 20; i++)
        {
            var client = await Net.ConnectAsync(relay);
            await client.EchoAsync("x"u8.ToArray());
            clients.Add(client);
        }

        Assert.Equal(1, EventLoopThreads());
        await engine.DisposeAsync();

        foreach (var client in clients)
        {
            Assert.Contains(await client.ReceiveEndAsync(), new[] { "closed", "reset" });
            client.Dispose();
        }

        Assert.True(await Net.EventuallyAsync(() => EventLoopThreads() == 0), "the event loop thread is still running");
        Assert.True(await Net.EventuallyAsync(() => Net.OpenFileDescriptors() <= descriptorsBefore), $"fds before {descriptorsBefore}, after {Net.OpenFileDescriptors()}");
    }

    /// <summary>Threads of this process named like the relay's event loop (Linux keeps the first 15 characters).</summary>
    private static int EventLoopThreads() =>
        Directory.GetDirectories("/proc/self/task").Count(task =>
            File.Exists(Path.Combine(task, "comm")) && File.ReadAllText(Path.Combine(task, "comm")).StartsWith("PortFwd relay", StringComparison.Ordinal));
}
