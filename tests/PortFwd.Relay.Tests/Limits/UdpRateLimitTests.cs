using System.Net.Sockets;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests.Limits;

public sealed class UdpRateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task Datagrams_over_the_rules_budget_are_dropped_and_counted(UdpPath path)
    {
        await using var backend = new UdpBackend();
        await using var engine = UdpPaths.Engine(path);
        // 1 KB/s: the budget is the 64 KiB burst, so of 100 datagrams of 1,400 bytes (137 KiB) about 46 go through.
        var rule = Net.TcpRule(1, backend.EndPoint, transport: RelayTransport.Udp, limits: new RelayLimits(RateLimitInBytesPerSecond: 1024));
        var relay = (await engine.ApplyAsync(rule, Ct)).Udp();
        using var client = Net.UdpClient(relay);

        var datagram = new byte[1400];
        for (var i = 0; i < 100; i++)
        {
            await client.SendAsync(datagram, SocketFlags.None, Ct);
        }

        Assert.True(await Net.EventuallyAsync(() => engine.GetCounters(1)!.Value is var c && c.UdpDatagramsIn + c.UdpRateLimited == 100));
        var counters = engine.GetCounters(1)!.Value;
        Assert.InRange(counters.UdpDatagramsIn, 40, 50);
        Assert.Equal(100 - counters.UdpDatagramsIn, counters.UdpRateLimited);
        Assert.True(await Net.EventuallyAsync(() => backend.Received == counters.UdpDatagramsIn));
    }
}
