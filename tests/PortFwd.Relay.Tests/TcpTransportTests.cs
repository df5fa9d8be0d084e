using System.Diagnostics;
using System.Net.Sockets;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Linux;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests;

/// <summary>What the two TCP transports must both do beyond moving bytes: options on both legs, back-pressure, other connections served during a bulk stream.</summary>
public sealed class TcpTransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_automatic_transport_is_epoll_where_it_can_run_and_sockets_elsewhere()
    {
        await using var engine = new RelayEngine();

        Assert.Equal(LinuxSockets.IsSupported ? RelayTcpTransport.Epoll : RelayTcpTransport.Sockets, engine.TcpTransport);
    }

    [Fact]
    public async Task With_two_event_loops_the_connections_of_one_port_are_spread_over_both_and_each_is_relayed()
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(new TcpCarrier(RelayTcpTransport.Epoll, 2));
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();

        var clients = new List<Socket>();
        for (var i = 0; i < 64; i++)
        {
            var client = await Net.ConnectAsync(relay);
            clients.Add(client);
            Assert.Equal([(byte)i], await client.EchoAsync([(byte)i]));
        }

        var loops = engine.EpollLoops!;
        Assert.Equal(2, engine.EventLoops);
        Assert.Equal(64, loops.Sum(l => l.Accepted));
        // The kernel hashes each new connection to one of the port's two sockets: 64 on one loop would be a 1 in 2^63 chance.
        Assert.All(loops, l => Assert.True(l.Accepted > 0, $"a loop accepted nothing: {string.Join(", ", loops.Select(x => x.Accepted))}"));
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task With_splice_a_bulk_transfer_moves_through_the_kernel_both_ways_and_arrives_whole_and_counted()
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(new TcpCarrier(RelayTcpTransport.Epoll, 1, splice: true));
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        var payload = new byte[24 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(payload);

        using (var client = await Net.ConnectAsync(relay))
        {
            var reading = client.ReceiveToEndAsync();
            await client.SendAllAsync(payload);
            client.Shutdown(SocketShutdown.Send);
            Assert.Equal(payload.Concat(TcpBackend.Trailer).ToArray(), await reading);
        }

        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 0));
        var counters = engine.GetCounters(1)!.Value;
        Assert.Equal(payload.Length, counters.BytesClientToTarget);
        Assert.Equal(payload.Length + TcpBackend.Trailer.Length, counters.BytesTargetToClient);
        // The echo makes both directions bulk: each went over to splice once its first read filled the buffer.
        Assert.Equal(2, engine.EpollLoops!.Single().SplicedFlows);
    }

    [Fact]
    public async Task Without_splice_or_for_small_messages_nothing_is_spliced()
    {
        await using var backend = new TcpBackend();
        await using var copying = Net.Engine(new TcpCarrier(RelayTcpTransport.Epoll, 1));
        await using var splicing = Net.Engine(new TcpCarrier(RelayTcpTransport.Epoll, 1, splice: true));
        var viaCopy = (await copying.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        var viaSplice = (await splicing.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        var bulk = new byte[4 * 1024 * 1024];

        using (var client = await Net.ConnectAsync(viaCopy))
        {
            var reading = client.ReceiveToEndAsync();
            await client.SendAllAsync(bulk);
            client.Shutdown(SocketShutdown.Send);
            Assert.Equal(bulk.Length + TcpBackend.Trailer.Length, (await reading).Length);
        }

        using (var small = await Net.ConnectAsync(viaSplice))
        {
            for (var i = 0; i < 100; i++)
            {
                Assert.Equal([(byte)i, 1, 2], await small.EchoAsync([(byte)i, 1, 2]));
            }
        }

        Assert.Equal(0, copying.EpollLoops!.Single().SplicedFlows);
        Assert.Equal(0, splicing.EpollLoops!.Single().SplicedFlows);
    }

    [Fact]
    public async Task Automatic_event_loops_are_one_per_core_up_to_the_cap_and_the_sockets_transport_has_none()
    {
        await using var automatic = Net.Engine(new TcpCarrier(RelayTcpTransport.Epoll, 0));
        await using var sockets = Net.Engine(RelayTcpTransport.Sockets);

        Assert.Equal(Math.Clamp(Environment.ProcessorCount, 1, RelayEngine.MaxAutomaticEventLoops), automatic.EventLoops);
        Assert.Equal(0, sockets.EventLoops);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Both_legs_of_a_relayed_connection_have_keep_alive_on(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        using var client = await Net.ConnectAsync(relay);
        await client.EchoAsync("ka"u8.ToArray());

        // ss shows a keepalive timer on every socket with SO_KEEPALIVE; the test's own sockets have none.
        var clientLeg = await SocketStatesAsync($"sport = :{relay.Port}");
        var targetLeg = await SocketStatesAsync($"dport = :{backend.Port}");

        Assert.Contains("timer:(keepalive", clientLeg, StringComparison.Ordinal);
        Assert.Contains("timer:(keepalive", targetLeg, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_client_that_reads_late_still_gets_every_byte_in_order(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        var payload = new byte[16 * 1024 * 1024 + 5];
        Random.Shared.NextBytes(payload);
        using var client = await Net.ConnectAsync(relay);

        // The echo fills every buffer on the way back while the client does not read: the relay must wait, not drop or reorder.
        var sending = Task.Run(async () =>
        {
            await client.SendAllAsync(payload);
            client.Shutdown(SocketShutdown.Send);
        }, Ct);
        await Task.Delay(300, Ct);
        var received = await client.ReceiveToEndAsync();
        await sending;

        Assert.Equal(payload.Length + TcpBackend.Trailer.Length, received.Length);
        Assert.True(payload.AsSpan().SequenceEqual(received.AsSpan(0, payload.Length)));
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 0));
        Assert.Equal(payload.Length, engine.GetCounters(1)!.Value.BytesClientToTarget);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_small_exchange_is_answered_while_a_bulk_stream_flows_on_another_connection(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        using var bulk = await Net.ConnectAsync(relay);
        using var chat = await Net.ConnectAsync(relay);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // Bounded: at most 4 GiB each way, ended as soon as the small exchange is done.
        const long cap = 4L * 1024 * 1024 * 1024;
        long sent = 0;
        var chunk = new byte[256 * 1024];
        var pushing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && sent < cap)
            {
                sent += await bulk.SendAsync(chunk, SocketFlags.None, stop.Token);
            }
        }, Ct);
        var draining = Task.Run(async () =>
        {
            var sink = new byte[256 * 1024];
            while (!stop.IsCancellationRequested && await bulk.ReceiveAsync(sink, SocketFlags.None, stop.Token) > 0)
            {
            }
        }, Ct);
        Assert.True(await Net.EventuallyAsync(() => Interlocked.Read(ref sent) > 8 * chunk.Length));

        var reply = await chat.EchoAsync("still there?"u8.ToArray());

        var bulkStillRunning = !pushing.IsCompleted;
        await stop.CancelAsync();
        await Task.WhenAll(pushing, draining).ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.Equal("still there?"u8.ToArray(), reply);
        Assert.True(bulkStillRunning, $"the bulk stream ended ({Interlocked.Read(ref sent)} bytes) before the small exchange was answered");
    }

    private static async Task<string> SocketStatesAsync(string filter)
    {
        var output = await Net.SocketsAsync("established", filter, Ct);
        Assert.False(string.IsNullOrWhiteSpace(output), $"ss found no established socket for {filter}");
        return output;
    }
}
