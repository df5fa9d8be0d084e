using System.Diagnostics;
using System.Net.Sockets;
using PortFwd.Relay.Rules;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests.Limits;

/// <summary>
/// Correctness of pacing with a wide window (not a benchmark): 4 MiB at 1,024 KB/s takes about 3.9 s. Never under 3.5 s
/// (the limit holds); the upper bound, 6.5 s, leaves room for a loaded machine's scheduling (a run under a parallel
/// build took 5.03 s) and still fails a limiter that paces at half the rate (7.9 s).
/// </summary>
[Collection(PacedCollection.Name)]
public sealed class RateLimitTests
{
    private const long KBps1024 = 1024 * 1024;
    private const double MostSeconds = 6.5;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Four_MiB_in_through_a_rule_limited_to_1024_KBps_takes_between_3_5_and_6_5_seconds_and_arrives_intact(TcpCarrier transport)
    {
        var elapsed = await SendThroughAsync(transport, new RelayLimits(RateLimitInBytesPerSecond: KBps1024));

        Assert.InRange(elapsed.TotalSeconds, 3.5, MostSeconds);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Four_MiB_out_through_a_rule_limited_to_1024_KBps_takes_between_3_5_and_6_5_seconds_and_arrives_intact(TcpCarrier transport)
    {
        var elapsed = await SendThroughAsync(transport, new RelayLimits(RateLimitOutBytesPerSecond: KBps1024));

        Assert.InRange(elapsed.TotalSeconds, 3.5, MostSeconds);
    }

    [Theory]
    [MemberData(nameof(Net.TcpTransports), MemberType = typeof(Net))]
    public async Task Two_connections_share_the_rules_budget(TcpCarrier transport)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, limits: new RelayLimits(RateLimitInBytesPerSecond: KBps1024)), Ct)).Tcp();
        var payload = Payload(2 * 1024 * 1024);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(RoundTripAsync(relay, payload), RoundTripAsync(relay, payload));

        // 4 MiB in all at 1 MiB/s, less the first burst: as long as one connection with 4 MiB.
        Assert.InRange(clock.Elapsed.TotalSeconds, 3.5, MostSeconds);
    }

    private static async Task<TimeSpan> SendThroughAsync(TcpCarrier transport, RelayLimits limits)
    {
        await using var backend = new TcpBackend();
        await using var engine = Net.Engine(transport);
        var relay = (await engine.ApplyAsync(Net.TcpRule(1, backend.EndPoint, limits: limits), Ct)).Tcp();
        var payload = Payload(4 * 1024 * 1024);

        var clock = Stopwatch.StartNew();
        await RoundTripAsync(relay, payload);
        return clock.Elapsed;
    }

    /// <summary>Sends the payload through the echoing backend and checks every byte came back.</summary>
    private static async Task RoundTripAsync(System.Net.IPEndPoint relay, byte[] payload)
    {
        using var client = await Net.ConnectAsync(relay);
        var reading = client.ReceiveToEndAsync();
        await client.SendAllAsync(payload);
        client.Shutdown(SocketShutdown.Send);
        var received = await reading;
        Assert.Equal(payload.Length + TcpBackend.Trailer.Length, received.Length);
        Assert.True(payload.AsSpan().SequenceEqual(received.AsSpan(0, payload.Length)), "the bytes arrived changed");
    }

    private static byte[] Payload(int length)
    {
        var payload = new byte[length];
        Random.Shared.NextBytes(payload);
        return payload;
    }
}
