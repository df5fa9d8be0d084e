using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests;

/// <summary>
/// The global blocklist on real sockets: 127.0.0.2 is another source on loopback (a client socket bound to it), so a
/// blocked 127.0.0.2 is refused while 127.0.0.1 is served through the same rule.
/// </summary>
public sealed class BlocklistRelayTests
{
    private static readonly IPAddress Blocked = IPAddress.Parse("127.0.0.2");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AddressBlocklist BlockingSecondLoopback => new([new IPNetwork(Blocked, 32)]);

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_blocked_address_is_reset_at_accept_and_counted_while_another_address_is_served(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        // The allow-list admits all of loopback: the blocklist is checked before it.
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, allowed: [IPNetwork.Parse("127.0.0.0/8")]), Ct)).Tcp();
        engine.Blocklist = BlockingSecondLoopback;

        Assert.Equal("reset", await RefusalAsync(Blocked, relay));
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpRefused == 1));

        using var served = await ConnectFromAsync(IPAddress.Loopback, relay);
        Assert.Equal("ok"u8.ToArray(), await served.EchoAsync("ok"u8.ToArray()));
        var counters = engine.GetCounters(1)!.Value;
        Assert.Equal(1, counters.TcpAccepted);
        Assert.Equal(1, counters.TcpRefused);
        Assert.Equal(1, backend.Accepted);
        Assert.Equal(1, engine.Blocklist.BlockedCount(new IPNetwork(Blocked, 32)));
        var refused = Assert.Single(engine.GetRefusedAttempts(1));
        Assert.Equal((Blocked, RefusalReason.Blocked), (refused.Address, refused.Reason));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Blocking_an_address_resets_its_live_connections_and_leaves_the_others_open(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        using var soonBlocked = await ConnectFromAsync(Blocked, relay);
        using var other = await ConnectFromAsync(IPAddress.Loopback, relay);
        Assert.Equal("1"u8.ToArray(), await soonBlocked.EchoAsync("1"u8.ToArray()));
        Assert.Equal("2"u8.ToArray(), await other.EchoAsync("2"u8.ToArray()));

        engine.Blocklist = BlockingSecondLoopback;

        Assert.Equal("reset", await soonBlocked.ReceiveEndAsync());
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 1));
        Assert.Equal("3"u8.ToArray(), await other.EchoAsync("3"u8.ToArray()));
        // Closing a live connection is not a refused attempt.
        Assert.Equal(0, engine.GetCounters(1)!.Value.TcpRefused);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Emptying_the_blocklist_lets_the_address_in_again(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        engine.Blocklist = BlockingSecondLoopback;
        Assert.Equal("reset", await RefusalAsync(Blocked, relay));

        engine.Blocklist = AddressBlocklist.Empty;

        using var served = await ConnectFromAsync(Blocked, relay);
        Assert.Equal("ok"u8.ToArray(), await served.EchoAsync("ok"u8.ToArray()));
    }

    [Fact]
    public async Task A_rule_applied_after_the_blocklist_was_set_refuses_the_blocked_address_too()
    {
        await using var backend = new TcpBackend();
        await using var engine = new PortFwd.Relay.Engine.RelayEngine(PortFwd.Testing.Logging.TestOutputLogger.For<PortFwd.Relay.Engine.RelayEngine>());
        engine.Blocklist = BlockingSecondLoopback;
        var relay = (await engine.ApplyAsync(Net.TcpRule(7, backend.EndPoint), Ct)).Tcp();

        Assert.Equal("reset", await RefusalAsync(Blocked, relay));
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(7)!.Value.TcpRefused == 1));
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task A_datagram_from_a_blocked_address_is_dropped_and_counted_while_another_address_is_served(UdpPath path)
    {
        await using var backend = new UdpBackend();
        await using var engine = UdpPaths.Engine(path);
        var relay = (await engine.ApplyAsync(UdpRule(1, backend.EndPoint), Ct)).Udp();
        engine.Blocklist = BlockingSecondLoopback;
        using var blocked = UdpClientFrom(Blocked, relay);
        using var served = UdpClientFrom(IPAddress.Loopback, relay);

        await blocked.SendAsync("nope"u8.ToArray(), SocketFlags.None, Ct);
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.UdpRefused == 1));
        Assert.EndsWith(":hello", await served.UdpRequestAsync("hello"));

        var counters = engine.GetCounters(1)!.Value;
        Assert.Equal(1, backend.Received);
        Assert.Equal(1, counters.UdpSessionsOpened);
        Assert.Equal(1, counters.UdpRefused);
        var refused = Assert.Single(engine.GetRefusedAttempts(1));
        Assert.Equal((Blocked, RefusalReason.Blocked), (refused.Address, refused.Reason));
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task Blocking_an_address_drops_its_live_udp_session_at_once_and_its_next_datagrams(UdpPath path)
    {
        await using var backend = new UdpBackend();
        await using var engine = UdpPaths.Engine(path);
        var relay = (await engine.ApplyAsync(UdpRule(1, backend.EndPoint), Ct)).Udp();
        using var soonBlocked = UdpClientFrom(Blocked, relay);
        using var other = UdpClientFrom(IPAddress.Loopback, relay);
        Assert.EndsWith(":a", await soonBlocked.UdpRequestAsync("a"));
        Assert.EndsWith(":b", await other.UdpRequestAsync("b"));
        Assert.Equal(2, engine.GetCounters(1)!.Value.UdpActiveSessions);

        engine.Blocklist = BlockingSecondLoopback;

        Assert.Equal(1, engine.GetCounters(1)!.Value.UdpActiveSessions);
        await soonBlocked.SendAsync("again"u8.ToArray(), SocketFlags.None, Ct);
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.UdpRefused == 1));
        Assert.EndsWith(":c", await other.UdpRequestAsync("c"));
        Assert.Equal(3, backend.Received);
    }

    private static RelayRule UdpRule(int id, IPEndPoint target) => Net.TcpRule(id, target, transport: RelayTransport.Udp);

    /// <summary>How the relay ends a connection from <paramref name="source"/>: "reset" (at connect or after it), or "closed" (FIN).</summary>
    private static async Task<string> RefusalAsync(IPAddress source, IPEndPoint relay)
    {
        try
        {
            using var socket = await ConnectFromAsync(source, relay);
            return await socket.ReceiveEndAsync();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The reset came before the connect's completion was read.
            return "reset";
        }
    }

    private static async Task<Socket> ConnectFromAsync(IPAddress source, IPEndPoint relay)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(source, 0));
        using var cts = new CancellationTokenSource(Net.Guard);
        await socket.ConnectAsync(relay, cts.Token);
        return socket;
    }

    private static Socket UdpClientFrom(IPAddress source, IPEndPoint relay)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(source, 0));
        socket.Connect(relay);
        return socket;
    }
}
