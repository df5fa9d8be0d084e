using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests.Limits;

public sealed class ProxyProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Version_1_sends_the_client_and_listen_address_in_a_TCP4_line_before_the_clients_bytes(TcpCarrier transport)
    {
        await using var proxied = await Proxied.ConnectAsync(transport, ProxyProtocolVersion.V1, IPAddress.Loopback);
        await proxied.Client.SendAllAsync("hello"u8.ToArray());

        var expected = $"PROXY TCP4 127.0.0.1 127.0.0.1 {proxied.ClientPort} {proxied.RelayPort}\r\nhello";
        Assert.Equal(expected, await proxied.ReadTextAsync(expected.Length));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Version_1_names_an_IPv6_client_in_a_TCP6_line(TcpCarrier transport)
    {
        Assert.SkipUnless(Socket.OSSupportsIPv6, "this machine has no IPv6 loopback");
        await using var proxied = await Proxied.ConnectAsync(transport, ProxyProtocolVersion.V1, IPAddress.IPv6Loopback);

        // The header goes at connect time, before the client has said anything (server-first protocols need it).
        var expected = $"PROXY TCP6 ::1 ::1 {proxied.ClientPort} {proxied.RelayPort}\r\n";
        Assert.Equal(expected, await proxied.ReadTextAsync(expected.Length));
        await proxied.Client.SendAllAsync("after"u8.ToArray());
        Assert.Equal("after", await proxied.ReadTextAsync(5));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task An_IPv4_client_of_a_port_on_every_address_is_named_as_TCP4_with_plain_addresses(TcpCarrier transport)
    {
        Assert.SkipUnless(Socket.OSSupportsIPv6, "a dual-stack socket needs IPv6");
        await using var proxied = await Proxied.ConnectAsync(transport, ProxyProtocolVersion.V1, IPAddress.IPv6Any, connectTo: IPAddress.Loopback);

        var expected = $"PROXY TCP4 127.0.0.1 127.0.0.1 {proxied.ClientPort} {proxied.RelayPort}\r\n";
        Assert.Equal(expected, await proxied.ReadTextAsync(expected.Length));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Version_2_sends_the_binary_header_with_both_addresses_and_ports_then_the_clients_bytes(TcpCarrier transport)
    {
        await using var proxied = await Proxied.ConnectAsync(transport, ProxyProtocolVersion.V2, IPAddress.Loopback);
        await proxied.Client.SendAllAsync("data"u8.ToArray());
        var header = await proxied.Upstream.ReceiveExactlyAsync(16 + 12);

        byte[] signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];
        Assert.Equal(signature, header[..12]);
        Assert.Equal(0x21, header[12]); // version 2, PROXY
        Assert.Equal(0x11, header[13]); // TCP over IPv4
        Assert.Equal(12, BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(14)));
        Assert.Equal(new byte[] { 127, 0, 0, 1 }, header[16..20]);
        Assert.Equal(new byte[] { 127, 0, 0, 1 }, header[20..24]);
        Assert.Equal(proxied.ClientPort, BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(24)));
        Assert.Equal(proxied.RelayPort, BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(26)));
        Assert.Equal("data", await proxied.ReadTextAsync(4));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Version_2_over_IPv6_carries_16_byte_addresses(TcpCarrier transport)
    {
        Assert.SkipUnless(Socket.OSSupportsIPv6, "this machine has no IPv6 loopback");
        await using var proxied = await Proxied.ConnectAsync(transport, ProxyProtocolVersion.V2, IPAddress.IPv6Loopback);
        var header = await proxied.Upstream.ReceiveExactlyAsync(16 + 36);

        Assert.Equal(0x21, header[13]); // TCP over IPv6
        Assert.Equal(36, BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(14)));
        Assert.Equal(IPAddress.IPv6Loopback.GetAddressBytes(), header[16..32]);
        Assert.Equal(IPAddress.IPv6Loopback.GetAddressBytes(), header[32..48]);
        Assert.Equal(proxied.ClientPort, BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(48)));
        Assert.Equal(proxied.RelayPort, BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(50)));
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Turning_the_header_on_in_place_applies_to_the_next_connection_and_not_to_the_open_one(TcpCarrier transport)
    {
        using var backend = new RecordingBackend();
        await using var engine = Net.Engine(transport);
        var rule = Net.TcpRule(1, backend.EndPoint, listenPort: LoopbackPorts.Free());
        var relay = (await engine.ApplyAsync(rule, Ct)).Tcp();
        using var before = await Net.ConnectAsync(relay);
        using var beforeUpstream = await backend.AcceptAsync();

        (await engine.ApplyAsync(rule with { ProxyProtocol = ProxyProtocolVersion.V1 }, Ct)).Tcp();
        using var after = await Net.ConnectAsync(relay);
        using var afterUpstream = await backend.AcceptAsync();

        await before.SendAllAsync("old"u8.ToArray());
        Assert.Equal("old", Encoding.ASCII.GetString(await beforeUpstream.ReceiveExactlyAsync(3)));
        Assert.StartsWith("PROXY TCP4 127.0.0.1 ", Encoding.ASCII.GetString(await afterUpstream.ReceiveExactlyAsync(21)));
    }

    /// <summary>A relay with the header on, one client through it, and the connection the target got.</summary>
    private sealed class Proxied : IAsyncDisposable
    {
        private readonly RecordingBackend _backend;
        private readonly RelayEngine _engine;

        private Proxied(RecordingBackend backend, RelayEngine engine, Socket client, Socket upstream, int relayPort)
        {
            (_backend, _engine, Client, Upstream, RelayPort) = (backend, engine, client, upstream, relayPort);
        }

        public Socket Client { get; }

        public Socket Upstream { get; }

        public int RelayPort { get; }

        public int ClientPort => ((IPEndPoint)Client.LocalEndPoint!).Port;

        public static async Task<Proxied> ConnectAsync(TcpCarrier transport, ProxyProtocolVersion version, IPAddress listen, IPAddress? connectTo = null)
        {
            var backend = new RecordingBackend();
            var engine = Net.Engine(transport);
            var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, listen: listen) with { ProxyProtocol = version }, Ct)).Tcp();
            var client = await Net.ConnectAsync(new IPEndPoint(connectTo ?? relay.Address, relay.Port));
            return new Proxied(backend, engine, client, await backend.AcceptAsync(), relay.Port);
        }

        public async Task<string> ReadTextAsync(int length) => Encoding.ASCII.GetString(await Upstream.ReceiveExactlyAsync(length));

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            Upstream.Dispose();
            await _engine.DisposeAsync();
            _backend.Dispose();
        }
    }
}
