using System.Net;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;
using PortFwd.Testing.Logging;

namespace PortFwd.Relay.Tests;

public sealed class UdpRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RelayRule UdpRule(int id, IPEndPoint target, RelayLimits? limits = null, IReadOnlyList<IPNetwork>? allowed = null) =>
        Net.TcpRule(id, target, limits: limits, allowed: allowed, transport: RelayTransport.Udp);

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task Udp_datagrams_round_trip_and_are_counted(UdpPath path)
    {
        await using var backend = new UdpBackend();
        await using var engine = UdpPaths.Engine(path);
        var relay = (await engine.ApplyAsync(UdpRule(1, backend.EndPoint), Ct)).Udp();
        using var client = Net.UdpClient(relay);

        var first = await client.UdpRequestAsync("ping");
        var second = await client.UdpRequestAsync("pong!");

        Assert.EndsWith(":ping", first);
        Assert.EndsWith(":pong!", second);
        // A datagram is counted in once its send to the service has completed, on the listener's loop, while the reply
        // is counted out on the session's: the reply can reach the client first, so wait for both counts.
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value is { UdpDatagramsIn: 2, UdpDatagramsOut: 2 }));
        var counters = engine.GetCounters(1)!.Value;
        Assert.Equal(2, counters.UdpDatagramsIn);
        Assert.Equal(4 + 5, counters.BytesClientToTarget);
        Assert.Equal(first.Length + second.Length, counters.BytesTargetToClient);
        Assert.Equal(1, counters.UdpActiveSessions);
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task Each_client_endpoint_gets_its_own_session_and_its_own_replies(UdpPath path)
    {
        await using var backend = new UdpBackend();
        await using var engine = UdpPaths.Engine(path);
        var relay = (await engine.ApplyAsync(UdpRule(1, backend.EndPoint), Ct)).Udp();
        using var alice = Net.UdpClient(relay);
        using var bob = Net.UdpClient(relay);

        var fromAlice = await alice.UdpRequestAsync("alice");
        var fromBob = await bob.UdpRequestAsync("bob");
        var aliceAgain = await alice.UdpRequestAsync("alice2");

        Assert.EndsWith(":alice", fromAlice);
        Assert.EndsWith(":bob", fromBob);
        Assert.EndsWith(":alice2", aliceAgain);

        // The backend saw one upstream port per client, stable across datagrams.
        Assert.NotEqual(Port(fromAlice), Port(fromBob));
        Assert.Equal(Port(fromAlice), Port(aliceAgain));
        Assert.Equal(2, engine.GetCounters(1)!.Value.UdpActiveSessions);
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task Traffic_keeps_a_session_alive_and_one_idle_past_the_timeout_expires(UdpPath path)
    {
        var time = new FakeTimeProvider();
        await using var backend = new UdpBackend();
        await using var engine = UdpPaths.Engine(path, time);
        var limits = new RelayLimits(UdpIdleTimeout: TimeSpan.FromSeconds(10));
        var relay = (await engine.ApplyAsync(UdpRule(1, backend.EndPoint, limits), Ct)).Udp();
        using var client = Net.UdpClient(relay);
        var first = await client.UdpRequestAsync("a");

        // A datagram every 4 s keeps the session (and its upstream port) past the 10 s timeout.
        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal(Port(first), Port(await client.UdpRequestAsync("keep")));
        }

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, engine.GetCounters(1)!.Value.UdpActiveSessions);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(0, engine.GetCounters(1)!.Value.UdpActiveSessions);

        // The next datagram opens a fresh session with a new upstream socket.
        var after = await client.UdpRequestAsync("b");
        Assert.NotEqual(Port(first), Port(after));
        Assert.Equal(1, engine.GetCounters(1)!.Value.UdpActiveSessions);
        Assert.Equal(2, engine.GetCounters(1)!.Value.UdpSessionsOpened);
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task At_the_session_cap_the_oldest_idle_session_is_evicted(UdpPath path)
    {
        var time = new FakeTimeProvider();
        await using var backend = new UdpBackend();
        await using var engine = UdpPaths.Engine(path, time);
        var relay = (await engine.ApplyAsync(UdpRule(1, backend.EndPoint, new RelayLimits(MaxUdpSessions: 2)), Ct)).Udp();
        using var a = Net.UdpClient(relay);
        using var b = Net.UdpClient(relay);
        using var c = Net.UdpClient(relay);

        var aPort = Port(await a.UdpRequestAsync("a"));
        time.Advance(TimeSpan.FromSeconds(1));
        var bPort = Port(await b.UdpRequestAsync("b"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(aPort, Port(await a.UdpRequestAsync("a again"))); // a is now the most recent

        await c.UdpRequestAsync("c"); // evicts b, idle the longest

        Assert.Equal(2, engine.GetCounters(1)!.Value.UdpActiveSessions);
        Assert.Equal(aPort, Port(await a.UdpRequestAsync("a still")));
        Assert.NotEqual(bPort, Port(await b.UdpRequestAsync("b is new")));
        Assert.Equal(4, engine.GetCounters(1)!.Value.UdpSessionsOpened);
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task A_source_outside_the_allow_list_is_dropped_and_counted(UdpPath path)
    {
        await using var backend = new UdpBackend();
        await using var engine = UdpPaths.Engine(path);
        var relay = (await engine.ApplyAsync(UdpRule(1, backend.EndPoint, allowed: [IPNetwork.Parse("192.168.0.0/16")]), Ct)).Udp();
        using var client = Net.UdpClient(relay);

        await client.SendAsync("nope"u8.ToArray(), System.Net.Sockets.SocketFlags.None, Ct);

        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.UdpRefused == 1));
        Assert.Equal(0, backend.Received);
        Assert.Equal(0, engine.GetCounters(1)!.Value.UdpActiveSessions);
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task Tcp_and_udp_rule_carries_both_on_the_same_port(UdpPath path)
    {
        var port = LoopbackPorts.Free();
        await using var udpBackend = new UdpBackend(port: port);
        await using var tcpBackend = new TcpBackend(port: port);
        await using var engine = UdpPaths.Engine(path);
        var result = await engine.ApplyAsync(Net.TcpRule(1, udpBackend.EndPoint, transport: RelayTransport.TcpAndUdp), Ct);
        Assert.Equal(result.Tcp().Port, result.Udp().Port);

        using var udp = Net.UdpClient(result.Udp());
        Assert.EndsWith(":both", await udp.UdpRequestAsync("both"));
        using var tcp = await Net.ConnectAsync(result.Tcp());
        Assert.Equal("both"u8.ToArray(), await tcp.EchoAsync("both"u8.ToArray()));
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task A_session_whose_target_was_not_listening_yet_carries_replies_once_it_is(UdpPath path)
    {
        var port = LoopbackPorts.Free();
        await using var engine = UdpPaths.Engine(path);
        var relay = (await engine.ApplyAsync(UdpRule(1, new IPEndPoint(IPAddress.Loopback, port)), Ct)).Udp();
        using var client = Net.UdpClient(relay);

        // Nothing listens yet: the kernel answers "port unreachable", which the session's upstream socket reports.
        await client.SendAsync("early"u8.ToArray(), System.Net.Sockets.SocketFlags.None, Ct);
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.UdpDatagramsIn == 1));
        await using var backend = new UdpBackend(port: port);

        // The report may still be pending and take the next datagram with it (one send each drops it the same way), so ask again until answered.
        var deadline = DateTime.UtcNow + Net.Guard;
        string? reply = null;
        var buffer = new byte[256];
        while (reply is null && DateTime.UtcNow < deadline)
        {
            await client.SendAsync("late"u8.ToArray(), System.Net.Sockets.SocketFlags.None, Ct);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            attempt.CancelAfter(TimeSpan.FromMilliseconds(250));
            try
            {
                var read = await client.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, attempt.Token);
                reply = System.Text.Encoding.ASCII.GetString(buffer, 0, read);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
            }
        }

        Assert.NotNull(reply);
        Assert.EndsWith(":late", reply);
        Assert.Equal(1, engine.GetCounters(1)!.Value.UdpSessionsOpened);
    }

    [Theory]
    [InlineData(UdpPath.OneByOne, false)]
    [InlineData(UdpPath.Batched, false)]
    [InlineData(UdpPath.OneByOne, true)]
    [InlineData(UdpPath.Batched, true)]
    public async Task Udp_works_over_ipv6_loopback_and_for_ipv4_clients_of_a_port_on_every_address(UdpPath path, bool everyAddress)
    {
        if (!System.Net.Sockets.Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not available on this machine");
        }

        UdpBackend backend;
        try
        {
            backend = new UdpBackend(everyAddress ? IPAddress.Loopback : IPAddress.IPv6Loopback);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Assert.Skip($"::1 cannot be bound here: {e.Message}");
            return;
        }

        await using (backend)
        {
            await using var engine = UdpPaths.Engine(path);
            var listen = everyAddress ? IPAddress.IPv6Any : IPAddress.IPv6Loopback;
            var port = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, transport: RelayTransport.Udp, listen: listen), Ct)).Udp().Port;

            // A port on every address takes IPv4 clients as IPv4-mapped IPv6 addresses (28 bytes, as IPv6 sources are).
            var relay = new IPEndPoint(everyAddress ? IPAddress.Loopback : IPAddress.IPv6Loopback, port);
            using var alice = Net.UdpClient(relay);
            using var bob = Net.UdpClient(relay);
            Assert.EndsWith(":alice", await alice.UdpRequestAsync("alice"));
            Assert.EndsWith(":bob", await bob.UdpRequestAsync("bob"));
            Assert.EndsWith(":alice again", await alice.UdpRequestAsync("alice again"));
            Assert.Equal(2, engine.GetCounters(1)!.Value.UdpSessionsOpened);
        }
    }

    /// <summary>The largest UDP payload over IPv4; the relay's buffers hold 64 KiB.</summary>
    private const int LargestDatagram = 65_507;

    [Theory]
    [InlineData(UdpPath.OneByOne, 1)]
    [InlineData(UdpPath.Batched, 1)]
    [InlineData(UdpPath.OneByOne, 1400)]
    [InlineData(UdpPath.Batched, 1400)]
    [InlineData(UdpPath.OneByOne, LargestDatagram)]
    [InlineData(UdpPath.Batched, LargestDatagram)]
    public async Task A_burst_from_several_clients_arrives_in_order_and_each_reply_reaches_its_client(UdpPath path, int size)
    {
        const int clients = 3;
        const int rounds = 4;

        // Each round every client sends its burst, interleaved with the others', before any reply is read: batches
        // mix clients. The burst stays within the kernel's socket buffers, so loopback drops nothing.
        var burst = size <= 1400 ? 24 : RmemMax() >= 4 * 1024 * 1024 ? 4 : 1;
        await using var backend = new UdpBackend(tagWithSender: false);
        await using var engine = UdpPaths.Engine(path);
        var relay = (await engine.ApplyAsync(UdpRule(1, backend.EndPoint), Ct)).Udp();
        var sockets = Enumerable.Range(0, clients).Select(_ => Net.UdpClient(relay)).ToArray();
        foreach (var socket in sockets)
        {
            socket.ReceiveBufferSize = 4 * 1024 * 1024;
        }

        try
        {
            var reply = new byte[65_536];
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < burst; i++)
                {
                    for (var c = 0; c < clients; c++)
                    {
                        await sockets[c].SendAsync(Payload(c, (round * burst) + i, size), System.Net.Sockets.SocketFlags.None, Ct);
                    }
                }

                for (var c = 0; c < clients; c++)
                {
                    for (var i = 0; i < burst; i++)
                    {
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
                        timeout.CancelAfter(Net.Guard);
                        var read = await sockets[c].ReceiveAsync(reply, System.Net.Sockets.SocketFlags.None, timeout.Token);
                        Assert.Equal(Payload(c, (round * burst) + i, size), reply[..read]);
                    }
                }
            }
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        // The same counts as one datagram per system call: every datagram, every byte, one session per client.
        var total = clients * rounds * burst;
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value is var c && c.UdpDatagramsIn == total && c.UdpDatagramsOut == total));
        var counters = engine.GetCounters(1)!.Value;
        Assert.Equal(total, counters.UdpDatagramsIn);
        Assert.Equal((long)total * size, counters.BytesClientToTarget);
        Assert.Equal((long)total * size, counters.BytesTargetToClient);
        Assert.Equal(clients, counters.UdpSessionsOpened);
        Assert.Equal(clients, counters.UdpActiveSessions);
        Assert.Equal(0, counters.UdpRefused);
    }

    /// <summary>Datagram <paramref name="sequence"/> of client <paramref name="client"/>: every byte says which, so a lost, reordered or misdelivered one shows.</summary>
    private static byte[] Payload(int client, int sequence, int size)
    {
        var payload = new byte[size];
        Array.Fill(payload, (byte)((client * 64) + (sequence % 64)));
        return payload;
    }

    private static int RmemMax() =>
        File.Exists("/proc/sys/net/core/rmem_max") && int.TryParse(File.ReadAllText("/proc/sys/net/core/rmem_max").Trim(), out var bytes) ? bytes : 212_992;

    private static string Port(string reply) => reply[..reply.IndexOf(':', StringComparison.Ordinal)];
}
