using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Bench;

/// <summary>
/// Runs every relay path once in-process (short and bulk TCP, a reset, UDP sessions) on a throwaway
/// rule before the measured listener opens, so the JIT-compiled code and the runtime's one-time
/// structures exist already: the harness's "fresh" memory then reflects a relay that has been up a
/// while, and its per-connection figure counts connections, not first-use compilation.
/// </summary>
internal static class Warmup
{
    public static async Task RunAsync(RelayTcpTransport transport, bool udpBatch)
    {
        await using (var echo = new LoopbackEcho())
        await using (var engine = new RelayEngine(tcpTransport: transport, udpBatch: udpBatch))
        {
            var rule = new RelayRule(1, "warm-up", RelayTransport.TcpAndUdp, IPAddress.Loopback, 0, 0,
                "127.0.0.1", echo.EndPoint.Port, [], RelayLimits.Default);
            var result = await engine.ApplyAsync(rule, CancellationToken.None);
            var tcp = result.Listening.First(e => e.Transport == RelayTransport.Tcp).EndPoint;
            var udp = result.Listening.First(e => e.Transport == RelayTransport.Udp).EndPoint;
            var buffer = new byte[256 * 1024];

            for (var round = 0; round < 3; round++)
            {
                await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ShortConnectionsAsync(tcp, buffer.Length, 100)));
                await BulkAsync(tcp, 16 * 1024 * 1024);
                await ResetAsync(tcp);
                await UdpAsync(udp, 200);
            }
        }

        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private static async Task ShortConnectionsAsync(IPEndPoint relay, int size, int count)
    {
        var buffer = new byte[size];
        for (var i = 0; i < count; i++)
        {
            using var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await c.ConnectAsync(relay);
            await c.SendAsync(buffer.AsMemory(0, 32), SocketFlags.None);
            await c.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
            c.Shutdown(SocketShutdown.Send);
            while (await c.ReceiveAsync(buffer.AsMemory(), SocketFlags.None) > 0)
            {
            }
        }
    }

    private static async Task BulkAsync(IPEndPoint relay, int bytes)
    {
        using var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await c.ConnectAsync(relay);
        var reading = Task.Run(async () =>
        {
            var rb = new byte[256 * 1024];
            var total = 0;
            while (total < bytes)
            {
                var n = await c.ReceiveAsync(rb.AsMemory(), SocketFlags.None);
                if (n == 0)
                {
                    return;
                }

                total += n;
            }
        });
        var chunk = new byte[64 * 1024];
        for (var sent = 0; sent < bytes; sent += chunk.Length)
        {
            await c.SendAsync(chunk.AsMemory(), SocketFlags.None);
        }

        await reading;
    }

    private static async Task ResetAsync(IPEndPoint relay)
    {
        var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await c.ConnectAsync(relay);
        await c.SendAsync(new byte[1].AsMemory(), SocketFlags.None);
        await c.ReceiveAsync(new byte[1].AsMemory(), SocketFlags.None);
        c.LingerState = new LingerOption(true, 0);
        c.Dispose();
    }

    private static async Task UdpAsync(IPEndPoint relay, int count)
    {
        using var c = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        c.Connect(relay);
        var buffer = new byte[2048];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        for (var i = 0; i < count; i++)
        {
            await c.SendAsync(buffer.AsMemory(0, 64 + (i % 2 * 1336)), SocketFlags.None);
            await c.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cts.Token);
        }
    }
}
