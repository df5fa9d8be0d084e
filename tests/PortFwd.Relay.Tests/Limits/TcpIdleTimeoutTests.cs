using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests.Limits;

/// <summary>
/// The TCP idle timeout on real sockets: the engine's sweeper closes connections that moved no byte for the timeout.
/// The clock is a <see cref="FakeTimeProvider"/>, so "10 seconds of silence" is a call, not a wait; every wait on a
/// socket is bounded by <see cref="Net.Guard"/>.
/// </summary>
public sealed class TcpIdleTimeoutTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task An_idle_connection_is_closed_on_both_sides_once_the_timeout_passes(TcpCarrier transport)
    {
        await using var path = await RelayedPath.OpenAsync(transport);
        var (time, engine, client, server) = (path.Time, path.Engine, path.Client, path.Server);
        await client.SendAllAsync("hi"u8.ToArray());
        Assert.Equal("hi"u8.ToArray(), await server.ReceiveExactlyAsync(2));

        time.Advance(Idle - TimeSpan.FromSeconds(1));
        Assert.Equal(0, engine.GetCounters(1)!.Value.TcpIdleClosed);
        await server.SendAllAsync("still here"u8.ToArray());
        Assert.Equal("still here"u8.ToArray(), await client.ReceiveExactlyAsync(10));

        // That reply was the last byte: ten silent seconds after it, both sides see the relay close.
        time.Advance(Idle + TimeSpan.FromSeconds(1));
        Assert.Equal(1, engine.GetCounters(1)!.Value.TcpIdleClosed);
        Assert.Equal("closed", await client.ReceiveEndAsync());
        Assert.Equal("closed", await server.ReceiveEndAsync());
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 0));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_byte_every_few_seconds_one_way_keeps_the_connection_open_past_the_timeout(TcpCarrier transport)
    {
        await using var path = await RelayedPath.OpenAsync(transport);
        var (time, engine, client, server) = (path.Time, path.Engine, path.Client, path.Server);

        // Over thirty seconds, three timeouts' worth, of one byte every four seconds from the client only.
        for (var step = 0; step < 8; step++)
        {
            await client.SendAllAsync("."u8.ToArray());
            Assert.Equal("."u8.ToArray(), await server.ReceiveExactlyAsync(1));
            time.Advance(TimeSpan.FromSeconds(4));
        }

        Assert.Equal(0, engine.GetCounters(1)!.Value.TcpIdleClosed);
        await server.SendAllAsync("open"u8.ToArray());
        Assert.Equal("open"u8.ToArray(), await client.ReceiveExactlyAsync(4));

        // The trickle stops: the timeout still applies.
        time.Advance(Idle + TimeSpan.FromSeconds(1));
        Assert.Equal("closed", await client.ReceiveEndAsync());
        Assert.Equal(1, engine.GetCounters(1)!.Value.TcpIdleClosed);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Clients_that_go_quiet_at_the_connection_cap_free_their_slots_after_the_timeout(TcpCarrier transport)
    {
        // The target speaks first (as SSH and SMTP servers do); the clients read its greeting and then send nothing.
        await using var backend = new TcpBackend(greet: true);
        var time = new FakeTimeProvider();
        await using var engine = Net.Engine(transport, time);
        var limits = new RelayLimits(MaxTcpConnections: 2, TcpIdleTimeout: Idle);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, limits: limits), Ct)).Tcp();
        using var first = await ConnectAndReadGreetingAsync(relay, backend.Port);
        using var second = await ConnectAndReadGreetingAsync(relay, backend.Port);

        using (var refused = await Net.ConnectAsync(relay))
        {
            Assert.Contains(await refused.ReceiveEndAsync(), new[] { "closed", "reset" });
        }

        Assert.Equal(1, engine.GetCounters(1)!.Value.TcpRefused);

        time.Advance(Idle + TimeSpan.FromSeconds(1));
        Assert.Equal("closed", await first.ReceiveEndAsync());
        Assert.Equal("closed", await second.ReceiveEndAsync());
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 0));

        using var next = await ConnectAndReadGreetingAsync(relay, backend.Port);
        Assert.Equal("through"u8.ToArray(), await next.EchoAsync("through"u8.ToArray()));
        var counters = engine.GetCounters(1)!.Value;
        Assert.Equal((2, 1, 3), (counters.TcpIdleClosed, counters.TcpRefused, counters.TcpAccepted));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task The_engine_timeout_applies_to_rules_that_set_none_and_zero_keeps_idle_connections(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        var time = new FakeTimeProvider();
        await using var engine = Net.Engine(transport, time, tcpIdleTimeout: Idle);
        var byEngine = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        var never = (await engine.ApplyAsync(Net.TcpRule(2, backend.EndPoint, limits: new RelayLimits(TcpIdleTimeout: TimeSpan.Zero)), Ct)).Tcp();
        using var closes = await Net.ConnectAsync(byEngine);
        using var stays = await Net.ConnectAsync(never);
        Assert.Equal("a"u8.ToArray(), await closes.EchoAsync("a"u8.ToArray()));
        Assert.Equal("b"u8.ToArray(), await stays.EchoAsync("b"u8.ToArray()));

        time.Advance(TimeSpan.FromHours(25));

        Assert.Equal("closed", await closes.ReceiveEndAsync());
        Assert.Equal("still"u8.ToArray(), await stays.EchoAsync("still"u8.ToArray()));
        Assert.Equal(0, engine.GetCounters(2)!.Value.TcpIdleClosed);
    }

    private static async Task<Socket> ConnectAndReadGreetingAsync(IPEndPoint relay, int backendPort)
    {
        var socket = await Net.ConnectAsync(relay);
        var greeting = Encoding.ASCII.GetBytes(backendPort + "\n");
        Assert.Equal(greeting, await socket.ReceiveExactlyAsync(greeting.Length));
        return socket;
    }

    /// <summary>A rule with the test's idle timeout on a fake clock, one client through it, and the target's end of that connection.</summary>
    private sealed class RelayedPath : IAsyncDisposable
    {
        private readonly Socket _target;

        private RelayedPath(Socket target, RelayEngine engine, FakeTimeProvider time) => (_target, Engine, Time) = (target, engine, time);

        public FakeTimeProvider Time { get; }

        public RelayEngine Engine { get; }

        public Socket Client { get; private set; } = null!;

        public Socket Server { get; private set; } = null!;

        public static async Task<RelayedPath> OpenAsync(TcpCarrier transport)
        {
            var target = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            target.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            target.Listen(8);
            var time = new FakeTimeProvider();
            var path = new RelayedPath(target, Net.Engine(transport, time), time);
            var rule = Net.TcpRule(1, (IPEndPoint)target.LocalEndPoint!, limits: new RelayLimits(TcpIdleTimeout: Idle));
            path.Client = await Net.ConnectAsync((await path.Engine.ApplyAsync(rule, Ct)).Tcp());
            using var cts = new CancellationTokenSource(Net.Guard);
            path.Server = await target.AcceptAsync(cts.Token);
            return path;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            Server.Dispose();
            _target.Dispose();
            await Engine.DisposeAsync();
        }
    }
}
