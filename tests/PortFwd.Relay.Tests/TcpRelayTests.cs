using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests;

public sealed class TcpRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Tcp_bytes_round_trip_through_the_relay(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();

        using var client = await Net.ConnectAsync(relay);
        var payload = "hello through the relay"u8.ToArray();

        Assert.Equal(payload, await client.EchoAsync(payload));
        Assert.Equal(payload, await client.EchoAsync(payload));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Counters_are_exact_to_the_byte_for_a_known_bulk_transfer(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        var payload = new byte[3_000_017];
        Random.Shared.NextBytes(payload);

        using (var client = await Net.ConnectAsync(relay))
        {
            var reading = client.ReceiveToEndAsync();
            await client.SendAllAsync(payload);
            client.Shutdown(SocketShutdown.Send);
            var received = await reading;
            Assert.Equal(payload.Concat(TcpBackend.Trailer).ToArray(), received);
        }

        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 0));
        var counters = engine.GetCounters(1)!.Value;
        Assert.Equal(payload.Length, counters.BytesClientToTarget);
        Assert.Equal(payload.Length + TcpBackend.Trailer.Length, counters.BytesTargetToClient);
        Assert.Equal(1, counters.TcpAccepted);
        Assert.Equal(0, counters.TcpRefused);
        Assert.Equal(0, counters.TcpUpstreamFailed);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Half_close_passes_the_fin_on_and_the_other_direction_keeps_flowing(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        using var client = await Net.ConnectAsync(relay);

        await client.SendAllAsync("last words"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);

        // The backend writes its trailer only after it has seen the FIN, so this proves both.
        var received = await client.ReceiveToEndAsync();
        Assert.Equal("last words<eof>", Encoding.ASCII.GetString(received));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_reset_from_the_client_reaches_the_target_as_a_reset(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        var client = await Net.ConnectAsync(relay);
        await client.EchoAsync("x"u8.ToArray());

        client.LingerState = new LingerOption(true, 0);
        client.Dispose();

        Assert.True(await Net.EventuallyAsync(() => backend.ResetsSeen == 1));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_reset_from_the_target_reaches_the_client_as_a_reset(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct)).Tcp();
        using var client = await Net.ConnectAsync(relay);

        await client.SendAllAsync("RST"u8.ToArray());

        Assert.Equal("reset", await client.ReceiveEndAsync());
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_refused_upstream_closes_the_client_and_counts_a_failure(TcpCarrier transport)
    {
        var deadPort = new IPEndPoint(IPAddress.Loopback, LoopbackPorts.Free());
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, deadPort), Ct)).Tcp();
        using var client = await Net.ConnectAsync(relay);

        Assert.Contains(await client.ReceiveEndAsync(), new[] { "closed", "reset" });
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 0));
        Assert.Equal(1, engine.GetCounters(1)!.Value.TcpUpstreamFailed);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_target_that_never_answers_times_out_and_the_client_is_closed(TcpCarrier transport)
    {
        // A listener whose accept queue is full drops further SYNs, so a connect to it hangs.
        using var stuck = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        stuck.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        stuck.Listen(0);
        var stuckEndPoint = (IPEndPoint)stuck.LocalEndPoint!;
        var fillers = new List<Socket>();
        for (var i = 0; i < 3; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            // Bound first, so its port is known and its own SYN is not taken for the relay's below.
            filler.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            fillers.Add(filler);
            _ = filler.ConnectAsync(stuckEndPoint, Ct).AsTask().ContinueWith(static t => t.Exception, Ct, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        var time = new FakeTimeProvider();
        await using var engine = Net.Engine(transport, time);
        var limits = new RelayLimits(ConnectTimeout: TimeSpan.FromSeconds(5));
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, stuckEndPoint, limits: limits), Ct)).Tcp();
        using var client = await Net.ConnectAsync(relay);
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpAccepted == 1));

        // The relay notes when its connect began just before it sends the SYN: the clock may move only once that SYN is
        // out (admitting the client comes first, and a clock moved before the connect began would never time it out).
        var relaySyn = $"dport = :{stuckEndPoint.Port}" + string.Concat(fillers.Select(f => $" and sport != :{((IPEndPoint)f.LocalEndPoint!).Port}"));
        for (var waited = 0; string.IsNullOrWhiteSpace(await Net.SocketsAsync("syn-sent", relaySyn, Ct)); waited++)
        {
            Assert.True(waited < 200, "the relay never began connecting to the target");
            await Task.Delay(50, Ct);
        }

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, engine.GetCounters(1)!.Value.TcpUpstreamFailed);
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal("closed", await client.ReceiveEndAsync());
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpUpstreamFailed == 1));
        fillers.ForEach(f => f.Dispose());
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_source_outside_the_allow_list_is_refused_before_connecting_upstream(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var allowed = new[] { IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("fd00::/8") };
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, allowed: allowed), Ct)).Tcp();

        using var client = await Net.ConnectAsync(relay);

        Assert.Contains(await client.ReceiveEndAsync(), new[] { "closed", "reset" });
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpRefused == 1));
        Assert.Equal(0, backend.Accepted);
        Assert.Equal(0, engine.GetCounters(1)!.Value.TcpAccepted);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_source_inside_the_allow_list_is_relayed(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var allowed = new[] { IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("127.0.0.0/8") };
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, allowed: allowed), Ct)).Tcp();

        using var client = await Net.ConnectAsync(relay);

        Assert.Equal("ok"u8.ToArray(), await client.EchoAsync("ok"u8.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Connections_over_the_cap_are_refused_and_counted(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, limits: new RelayLimits(MaxTcpConnections: 2)), Ct)).Tcp();
        using var first = await Net.ConnectAsync(relay);
        using var second = await Net.ConnectAsync(relay);
        await first.EchoAsync("1"u8.ToArray());
        await second.EchoAsync("2"u8.ToArray());

        using var third = await Net.ConnectAsync(relay);
        Assert.Contains(await third.ReceiveEndAsync(), new[] { "closed", "reset" });
        Assert.Equal(1, engine.GetCounters(1)!.Value.TcpRefused);

        first.Shutdown(SocketShutdown.Send);
        await first.ReceiveToEndAsync();
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 1));
        using var fourth = await Net.ConnectAsync(relay);
        Assert.Equal("4"u8.ToArray(), await fourth.EchoAsync("4"u8.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Every_port_of_a_range_forwards_to_its_own_target_port(TcpCarrier transport)
    {
        const int count = 3;
        var targetFirst = LoopbackPorts.FreeRange(count);
        var backends = Enumerable.Range(0, count).Select(i => new TcpBackend(port: targetFirst + i, greet: true)).ToList();
        await using var engine = Net.Engine(transport);
        RelayApplyResult? result = null;
        for (var attempt = 0; attempt < 20 && result is not { IsSuccess: true }; attempt++)
        {
            var listenFirst = LoopbackPorts.FreeRange(count);
            var rule = Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, targetFirst), listenFirst, listenFirst + count - 1);
            result = await engine.ApplyAsync(rule, Ct);
        }

        Assert.Equal(count, result!.Listening.Count);
        for (var i = 0; i < count; i++)
        {
            using var client = await Net.ConnectAsync(result.Tcp(i));
            client.Shutdown(SocketShutdown.Send);
            var text = Encoding.ASCII.GetString(await client.ReceiveToEndAsync());
            Assert.Equal($"{targetFirst + i}\n<eof>", text);
        }

        foreach (var backend in backends)
        {
            await backend.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Tcp_works_over_ipv6_loopback(TcpCarrier transport)
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not available on this machine");
        }

        TcpBackend backend;
        try
        {
            backend = new TcpBackend(IPAddress.IPv6Loopback);
        }
        catch (SocketException e)
        {
            Assert.Skip($"::1 cannot be bound here: {e.Message}");
            return;
        }

        await using (backend)
        {
            await using var engine = Net.Engine(transport);
            var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, listen: IPAddress.IPv6Loopback), Ct)).Tcp();
            Assert.Equal(AddressFamily.InterNetworkV6, relay.AddressFamily);

            using var client = await Net.ConnectAsync(relay);
            Assert.Equal("v6"u8.ToArray(), await client.EchoAsync("v6"u8.ToArray()));
        }
    }
}
