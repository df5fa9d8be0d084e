using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests;

public sealed class RuleLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Removing_a_rule_closes_its_connections_while_another_rule_keeps_flowing(TcpCarrier transport)
    {
        await using var backendA = new TcpBackend();
        await using var backendB = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relayA = (await engine.ApplyAsync(Net.TcpRule(1, backendA.EndPoint), Ct)).Tcp();
        var relayB = (await engine.ApplyAsync(Net.TcpRule(2, backendB.EndPoint), Ct)).Tcp();
        using var clientA = await Net.ConnectAsync(relayA);
        using var clientB = await Net.ConnectAsync(relayB);
        await clientA.EchoAsync("a"u8.ToArray());
        await clientB.EchoAsync("b"u8.ToArray());

        await engine.RemoveAsync(1, Ct);

        Assert.Contains(await clientA.ReceiveEndAsync(), new[] { "closed", "reset" });
        Assert.Equal("still here"u8.ToArray(), await clientB.EchoAsync("still here"u8.ToArray()));
        Assert.Equal([2], engine.RuleIds);
        Assert.Null(engine.GetCounters(1));
        var refused = await Assert.ThrowsAsync<SocketException>(() => Net.ConnectAsync(relayA));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task With_a_drain_timeout_removal_lets_connections_finish_then_closes_the_rest_without_holding_up_other_rules(TcpCarrier transport)
    {
        var time = new FakeTimeProvider();
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport, time);
        var limits = new RelayLimits(DrainTimeout: TimeSpan.FromSeconds(30));
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, limits: limits), Ct)).Tcp();
        using var client = await Net.ConnectAsync(relay);
        await client.EchoAsync("a"u8.ToArray());

        var removing = engine.RemoveAsync(1, Ct).AsTask();

        // The listener is closed at once; the live connection keeps flowing while draining.
        Assert.True(await Net.EventuallyAsync(() => engine.RuleIds.Count == 0));
        await Assert.ThrowsAsync<SocketException>(() => Net.ConnectAsync(relay));
        Assert.Equal("draining"u8.ToArray(), await client.EchoAsync("draining"u8.ToArray()));
        Assert.False(removing.IsCompleted);

        // Draining does not hold up other rules.
        var other = await engine.ApplyAsync(Net.TcpRule(2, backend.EndPoint), Ct);
        Assert.True(other.IsSuccess, other.Error?.Message);

        time.Advance(TimeSpan.FromSeconds(31));
        await removing.WaitAsync(Net.Guard, Ct);
        Assert.Contains(await client.ReceiveEndAsync(), new[] { "closed", "reset" });
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_port_in_use_is_reported_not_thrown(TcpCarrier transport)
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen();
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        await using var engine = Net.Engine(transport);

        var result = await engine.ApplyAsync(Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, 9), port), Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal(RelayErrorKind.PortInUse, result.Error.Kind);
        Assert.Equal($"port {port} is already in use by another program", result.Error.Message);
        // The sentence's code and values, for a caller that says it in another language.
        Assert.Equal("PortInUse", result.Error.Code);
        Assert.Equal(new object[] { port, "" }, result.Error.Arguments);
        Assert.Empty(result.Listening);
        Assert.Empty(engine.RuleIds);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_port_another_rule_listens_on_is_reported_even_when_every_loop_shares_its_ports(TcpCarrier transport)
    {
        await using var engine = Net.Engine(transport);
        var first = await engine.ApplyAsync(Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, 9)), Ct);
        var port = first.Tcp().Port;

        var second = await engine.ApplyAsync(Net.TcpRule(2, new IPEndPoint(IPAddress.Loopback, 9), port), Ct);

        Assert.False(second.IsSuccess);
        Assert.Equal(RelayErrorKind.PortInUse, second.Error.Kind);
        Assert.Equal([1], engine.RuleIds);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_range_that_fails_part_way_closes_the_ports_it_opened(TcpCarrier transport)
    {
        var first = LoopbackPorts.FreeRange(3);
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, first + 2));
        squatter.Listen();
        await using var engine = Net.Engine(transport);

        var result = await engine.ApplyAsync(Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, 9), first, first + 2), Ct);

        Assert.Equal($"port {first + 2} is already in use by another program", result.Error?.Message);
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, first)); // free again
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_udp_port_in_use_names_the_transport_for_a_tcp_and_udp_rule(TcpCarrier transport)
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var port = LoopbackPorts.Free();
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, port));
        await using var engine = Net.Engine(transport);

        var result = await engine.ApplyAsync(Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, 9), port, transport: RelayTransport.TcpAndUdp), Ct);

        Assert.Equal(RelayErrorKind.PortInUse, result.Error?.Kind);
        Assert.Equal($"port {port} is already in use by another program (UDP)", result.Error?.Message);
        Assert.Equal(new object[] { port, " (UDP)" }, result.Error?.Arguments ?? []);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task An_address_not_on_this_machine_is_reported(TcpCarrier transport)
    {
        await using var engine = Net.Engine(transport);

        var result = await engine.ApplyAsync(Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, 9), LoopbackPorts.Free(), listen: IPAddress.Parse("192.0.2.1")), Ct);

        Assert.Equal(RelayErrorKind.AddressNotAvailable, result.Error?.Kind);
        Assert.Equal("address 192.0.2.1 not available on this machine", result.Error?.Message);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_target_host_name_that_does_not_resolve_is_reported(TcpCarrier transport)
    {
        await using var engine = Net.Engine(transport, lookup: (_, _) => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)));
        var rule = Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, 9)) with { TargetHost = "nas.lan" };

        var result = await engine.ApplyAsync(rule, Ct);

        Assert.Equal(RelayErrorKind.TargetNotResolved, result.Error?.Kind);
        Assert.Equal("target host name 'nas.lan' does not resolve", result.Error?.Message);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_target_host_name_is_resolved_when_applied(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport, lookup: (host, _) => Task.FromResult(host == "nas.lan" ? new[] { IPAddress.IPv6Loopback, IPAddress.Loopback } : []));
        var rule = Net.TcpRule(1, backend.EndPoint) with { TargetHost = "nas.lan" };

        var relay = (await engine.ApplyAsync(rule, Ct)).Tcp();

        using var client = await Net.ConnectAsync(relay);
        Assert.Equal("name"u8.ToArray(), await client.EchoAsync("name"u8.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Applying_the_same_rule_again_changes_nothing(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var rule = Net.TcpRule(1, backend.EndPoint, LoopbackPorts.Free(), allowed: [IPNetwork.Parse("127.0.0.0/8")]);
        var first = await engine.ApplyAsync(rule, Ct);
        using var client = await Net.ConnectAsync(first.Tcp());

        var again = await engine.ApplyAsync(rule with { AllowedSources = [IPNetwork.Parse("127.0.0.0/8")] }, Ct);

        Assert.Equal(first.Listening, again.Listening);
        Assert.Equal("same"u8.ToArray(), await client.EchoAsync("same"u8.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Changing_the_target_applies_to_new_connections_and_keeps_live_ones(TcpCarrier transport)
    {
        await using var oldBackend = new TcpBackend(greet: true);
        await using var newBackend = new TcpBackend(greet: true);
        await using var engine = Net.Engine(transport);
        var rule = Net.TcpRule(1, oldBackend.EndPoint, LoopbackPorts.Free());
        var relay = (await engine.ApplyAsync(rule, Ct)).Tcp();
        using var live = await Net.ConnectAsync(relay);
        await live.ReceiveExactlyAsync($"{oldBackend.Port}\n".Length);

        var changed = await engine.ApplyAsync(rule with { TargetPort = newBackend.Port }, Ct);

        Assert.Equal(relay, changed.Tcp());
        Assert.Equal("live"u8.ToArray(), await live.EchoAsync("live"u8.ToArray()));
        using var fresh = await Net.ConnectAsync(relay);
        Assert.Equal($"{newBackend.Port}\n", System.Text.Encoding.ASCII.GetString(await fresh.ReceiveExactlyAsync($"{newBackend.Port}\n".Length)));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Changing_the_port_moves_the_listener(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var oldPort = LoopbackPorts.Free();
        await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, oldPort), Ct);
        var newPort = LoopbackPorts.Free();

        var moved = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, newPort), Ct)).Tcp();

        Assert.Equal(newPort, moved.Port);
        using var client = await Net.ConnectAsync(moved);
        Assert.Equal("moved"u8.ToArray(), await client.EchoAsync("moved"u8.ToArray()));
        await Assert.ThrowsAsync<SocketException>(() => Net.ConnectAsync(new IPEndPoint(IPAddress.Loopback, oldPort)));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Invalid_specs_are_reported(TcpCarrier transport)
    {
        await using var engine = Net.Engine(transport);
        var target = new IPEndPoint(IPAddress.Loopback, 9);

        var backwards = await engine.ApplyAsync(Net.TcpRule(1, target, 9000, 8990), Ct);
        var pastEnd = await engine.ApplyAsync(Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, 65535), 9000, 9001), Ct);

        Assert.Equal(RelayErrorKind.InvalidRule, backwards.Error?.Kind);
        Assert.Equal("external port range 9000-8990 ends before it starts", backwards.Error?.Message);
        Assert.Equal(RelayErrorKind.InvalidRule, pastEnd.Error?.Kind);
        Assert.Equal("internal ports 65535-65536 are not between 1 and 65535", pastEnd.Error?.Message);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Snapshot_reads_every_rule_into_the_given_list(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint), Ct);
        await engine.ApplyAsync(Net.TcpRule(7, backend.EndPoint), Ct);
        var into = new List<(int RuleId, RelayCounters Counters)>(8) { (99, default) };

        engine.Snapshot(into);

        Assert.Equal([1, 7], into.Select(r => r.RuleId).Order());
        Assert.Equal(8, into.Capacity);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Disposing_the_engine_closes_listeners_and_connections(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, LoopbackPorts.Free()), Ct)).Tcp();
        using var client = await Net.ConnectAsync(relay);
        await client.EchoAsync("bye"u8.ToArray());

        await engine.DisposeAsync();

        Assert.Contains(await client.ReceiveEndAsync(), new[] { "closed", "reset" });
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(relay); // the port is free again
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await engine.ApplyAsync(Net.TcpRule(2, backend.EndPoint), Ct));
    }
}
