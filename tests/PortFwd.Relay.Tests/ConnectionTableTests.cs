using System.Net;
using System.Net.Sockets;
using System.Text;
using PortFwd.Relay.Connections;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests;

/// <summary>Who is connected: the live connection table, closing one connection, and the record of refused attempts.</summary>
public sealed class ConnectionTableTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_tcp_connection_is_listed_with_the_clients_port_the_external_port_and_its_byte_counts(TcpCarrier transport)
    {
        const int count = 2;
        var targetFirst = LoopbackPorts.FreeRange(count);
        var backends = Enumerable.Range(0, count).Select(i => new TcpBackend(port: targetFirst + i, greet: true)).ToList();
        try
        {
            await using var engine = Net.Engine(transport);
            var result = await ApplyRangeAsync(engine, new IPEndPoint(IPAddress.Loopback, targetFirst), count);
            var second = result.Tcp(1);
            var before = DateTimeOffset.UtcNow;
            using var client = await Net.ConnectAsync(second);
            var greeting = await ReadLineAsync(client);
            var payload = new byte[10_007];
            Random.Shared.NextBytes(payload);
            Assert.Equal(payload, await client.EchoAsync(payload));
            var bytesOut = greeting.Length + payload.Length;

            Assert.True(await Net.EventuallyAsync(() => engine.GetConnections(1) is [{ BytesIn: 10_007 } c] && c.BytesOut == bytesOut));
            var row = Assert.Single(engine.GetConnections(1));
            Assert.Equal(RelayConnectionProtocol.Tcp, row.Protocol);
            Assert.Equal((IPEndPoint)client.LocalEndPoint!, row.Remote);
            Assert.Equal(second.Port, row.ExternalPort);
            Assert.InRange(row.Since, before.AddSeconds(-1), DateTimeOffset.UtcNow);
            Assert.True(row.LastActivity >= row.Since);
            Assert.True(row.Id > 0);
        }
        finally
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Closing_a_tcp_connection_ends_it_for_the_client_and_removes_it_from_the_table(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        using var kept = await Net.ConnectAsync(relay);
        using var kicked = await Net.ConnectAsync(relay);
        await kept.EchoAsync("k"u8.ToArray());
        await kicked.EchoAsync("x"u8.ToArray());
        var kickedPort = ((IPEndPoint)kicked.LocalEndPoint!).Port;
        var id = Assert.Single(engine.GetConnections(1), c => c.Remote.Port == kickedPort).Id;

        Assert.True(engine.CloseConnection(1, id));

        Assert.Contains(await kicked.ReceiveEndAsync(), new[] { "closed", "reset" });
        Assert.True(await Net.EventuallyAsync(() => engine.GetConnections(1).Count == 1));
        Assert.Equal(((IPEndPoint)kept.LocalEndPoint!).Port, engine.GetConnections(1)[0].Remote.Port);
        Assert.Equal("still"u8.ToArray(), await kept.EchoAsync("still"u8.ToArray()));
        Assert.False(engine.CloseConnection(1, id));
        Assert.False(engine.CloseConnection(2, id));
        Assert.Empty(engine.GetConnections(2));
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task A_udp_session_is_listed_with_its_byte_counts_and_dropping_it_makes_the_next_datagram_open_a_new_one(UdpPath path)
    {
        await using var backend = new UdpBackend();
        await using var engine = UdpPaths.Engine(path);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, transport: RelayTransport.Udp), Ct)).Udp();
        using var client = Net.UdpClient(relay);

        var reply = await client.UdpRequestAsync("hello");

        // Each direction is counted once its send has completed: the reply can reach the client before the request's
        // send completion has counted it, so wait for both.
        Assert.True(await Net.EventuallyAsync(() => engine.GetConnections(1) is [{ BytesIn: > 0, BytesOut: > 0 }]));
        var row = Assert.Single(engine.GetConnections(1));
        Assert.Equal(RelayConnectionProtocol.Udp, row.Protocol);
        Assert.Equal((IPEndPoint)client.LocalEndPoint!, row.Remote);
        Assert.Equal(relay.Port, row.ExternalPort);
        Assert.Equal(5, row.BytesIn);
        Assert.Equal(reply.Length, row.BytesOut);

        Assert.True(engine.CloseConnection(1, row.Id));

        Assert.Empty(engine.GetConnections(1));
        Assert.False(engine.CloseConnection(1, row.Id));
        Assert.EndsWith(":again", await client.UdpRequestAsync("again"));
        var reopened = Assert.Single(engine.GetConnections(1));
        Assert.NotEqual(row.Id, reopened.Id);
        Assert.Equal(2, engine.GetCounters(1)!.Value.UdpSessionsOpened);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Refused_attempts_are_recorded_with_their_reason_newest_first_and_only_the_last_hundred_are_kept(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var rule = Net.TcpRule(1, backend.EndPoint, LoopbackPorts.Free(), limits: new RelayLimits(MaxTcpConnections: 1));
        var relay = (await engine.ApplyAsync(rule, Ct)).Tcp();
        using var holder = await Net.ConnectAsync(relay);
        await holder.EchoAsync("h"u8.ToArray());

        await ConnectAndSeeRefusedAsync(relay);
        Assert.Equal(RefusalReason.TooManyConnections, Assert.Single(engine.GetRefusedAttempts(1)).Reason);

        // Changed in place (same port): the record is kept, and the allow-list now leaves loopback out.
        await engine.ApplyAsync(rule with { AllowedSources = [IPNetwork.Parse("10.0.0.0/8")] }, Ct);
        await ConnectAndSeeRefusedAsync(relay);

        var two = engine.GetRefusedAttempts(1);
        Assert.Equal([RefusalReason.NotAllowed, RefusalReason.TooManyConnections], two.Select(a => a.Reason));
        Assert.All(two, a => Assert.Equal(IPAddress.Loopback, a.Address));
        Assert.True(two[0].Time >= two[1].Time);
        Assert.Equal(2, engine.GetCounters(1)!.Value.TcpRefused);

        for (var i = 0; i < RefusalLog.Capacity - 1; i++)
        {
            await ConnectAndSeeRefusedAsync(relay);
        }

        var all = engine.GetRefusedAttempts(1);
        Assert.Equal(RefusalLog.Capacity, all.Count);
        Assert.All(all, a => Assert.Equal(RefusalReason.NotAllowed, a.Reason));
        Assert.Equal(RefusalLog.Capacity + 1, engine.GetCounters(1)!.Value.TcpRefused);
        Assert.Empty(engine.GetRefusedAttempts(2));
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task A_datagram_from_outside_the_allow_list_is_recorded_as_not_allowed(UdpPath path)
    {
        await using var backend = new UdpBackend();
        await using var engine = UdpPaths.Engine(path);
        var rule = Net.TcpRule(1, backend.EndPoint, transport: RelayTransport.Udp, allowed: [IPNetwork.Parse("192.168.0.0/16")]);
        var relay = (await engine.ApplyAsync(rule, Ct)).Udp();
        using var client = Net.UdpClient(relay);

        await client.SendAsync("nope"u8.ToArray(), SocketFlags.None, Ct);

        Assert.True(await Net.EventuallyAsync(() => engine.GetRefusedAttempts(1).Count == 1));
        var attempt = engine.GetRefusedAttempts(1)[0];
        Assert.Equal(RefusalReason.NotAllowed, attempt.Reason);
        Assert.Equal(IPAddress.Loopback, attempt.Address);
        Assert.Empty(engine.GetConnections(1));
    }

    [Fact]
    public void A_packed_endpoint_keeps_ipv4_ipv6_and_shows_an_ipv4_mapped_client_as_ipv4()
    {
        var v4 = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40000);
        var v6 = new IPEndPoint(IPAddress.Parse("2001:db8::1:2"), 65535);
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.9"), 1);

        Assert.Equal(v4, PackedEndPoint.From(v4).ToEndPoint());
        Assert.Equal(v6, PackedEndPoint.From(v6).ToEndPoint());
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.9"), 1), PackedEndPoint.From(mapped).ToEndPoint());
        Assert.Equal(v6, PackedEndPoint.FromSockAddr(Linux.LinuxSockets.ToSockAddr(v6)).ToEndPoint());
        Assert.Equal(v4, PackedEndPoint.FromSockAddr(Linux.LinuxSockets.ToSockAddr(v4)).ToEndPoint());
        Assert.False(default(PackedEndPoint).IsKnown);
    }

    private static async Task ConnectAndSeeRefusedAsync(IPEndPoint relay)
    {
        using var client = await Net.ConnectAsync(relay);
        Assert.Contains(await client.ReceiveEndAsync(), new[] { "closed", "reset" });
    }

    private static async Task<RelayApplyResult> ApplyRangeAsync(RelayEngine engine, IPEndPoint target, int count)
    {
        RelayApplyResult? result = null;
        for (var attempt = 0; attempt < 20 && result is not { IsSuccess: true }; attempt++)
        {
            var listenFirst = LoopbackPorts.FreeRange(count);
            result = await engine.ApplyAsync(Net.TcpRule(1, target, listenFirst, listenFirst + count - 1), Ct);
        }

        Assert.True(result!.IsSuccess, result.Error?.Message);
        return result;
    }

    private static async Task<string> ReadLineAsync(Socket client)
    {
        var line = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            var b = await client.ReceiveExactlyAsync(1);
            line.Append((char)b[0]);
            if (b[0] == '\n')
            {
                return line.ToString();
            }
        }

        throw new InvalidDataException($"no line end in '{line}'");
    }
}
