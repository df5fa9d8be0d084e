using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests.Limits;

public sealed class PerSourceLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task A_third_connection_from_one_address_is_refused_while_another_address_is_served(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, limits: new RelayLimits(MaxConnectionsPerSource: 2)), Ct)).Tcp();

        using var first = await Net.ConnectAsync(relay);
        using var second = await Net.ConnectAsync(relay);
        Assert.Equal("1"u8.ToArray(), await first.EchoAsync("1"u8.ToArray()));
        Assert.Equal("2"u8.ToArray(), await second.EchoAsync("2"u8.ToArray()));

        using var third = await Net.ConnectAsync(relay);
        Assert.Contains(await third.ReceiveEndAsync(), new[] { "closed", "reset" });
        Assert.Equal(1, engine.GetCounters(1)!.Value.TcpRefused);
        var refused = Assert.Single(engine.GetRefusedAttempts(1));
        Assert.Equal((IPAddress.Loopback, RefusalReason.TooManyFromSource), (refused.Address, refused.Reason));

        using var other = await ConnectFromAsync(IPAddress.Parse("127.0.0.2"), relay);
        Assert.Equal("other"u8.ToArray(), await other.EchoAsync("other"u8.ToArray()));

        // Once one of the two ends, the address has room again.
        first.Dispose();
        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value.TcpActive == 2));
        using var again = await Net.ConnectAsync(relay);
        Assert.Equal("again"u8.ToArray(), await again.EchoAsync("again"u8.ToArray()));
        Assert.Equal(1, engine.GetCounters(1)!.Value.TcpRefused);
    }

    private static async Task<Socket> ConnectFromAsync(IPAddress local, IPEndPoint relay)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(local, 0));
        using var cts = new CancellationTokenSource(Net.Guard);
        await socket.ConnectAsync(relay, cts.Token);
        return socket;
    }
}
