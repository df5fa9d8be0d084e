using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Bench;

/// <summary>
/// `--alloc-check`: relays loopback traffic in-process and reports managed bytes allocated per
/// connection (accept → connect → copy → close), per read on a long transfer, and per UDP datagram
/// (batched, or one by one with `--udp-one-by-one`).
/// </summary>
internal static class AllocationCheck
{
    public static async Task<int> RunAsync(RelayTcpTransport transport, bool udpBatch)
    {
        await TcpAsync(transport);
        await UdpAsync(udpBatch);
        return 0;
    }

    private static async Task TcpAsync(RelayTcpTransport transport)
    {
        await using var echo = new LoopbackEcho();
        var target = echo.EndPoint;
        await using var engine = new RelayEngine(tcpTransport: transport);
        Console.WriteLine($"alloc-check: TCP transport {engine.TcpTransport}");
        var rule = new RelayRule(1, "alloc", RelayTransport.Tcp, IPAddress.Loopback, 0, 0, "127.0.0.1", target.Port, [], RelayLimits.Default);
        var relay = (await engine.ApplyAsync(rule, CancellationToken.None)).Listening[0].EndPoint;

        var request = new byte[32];
        var buffer = new byte[256 * 1024];
        async Task ShortAsync(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await c.ConnectAsync(relay);
                await c.SendAsync(request.AsMemory(), SocketFlags.None);
                c.Shutdown(SocketShutdown.Send);
                while (await c.ReceiveAsync(buffer.AsMemory(), SocketFlags.None) > 0)
                {
                }
            }
        }

        await ShortAsync(2000); // warm up (tiering)
        await WaitIdleAsync(engine);
        var a0 = GC.GetTotalAllocatedBytes(precise: true);
        const int connections = 5000;
        await ShortAsync(connections);
        await WaitIdleAsync(engine);
        var a1 = GC.GetTotalAllocatedBytes(precise: true);
        // The client side of this loop allocates too (its Socket, task); measure it alone for reference.
        var clientOnly = await ClientOnlyAsync(target, request, buffer, connections);
        Console.WriteLine($"alloc-check: {(a1 - a0) / (double)connections:F0} B per relayed connection (client side alone: {clientOnly:F0} B)");

        using var bulk = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await bulk.ConnectAsync(relay);
        var chunk = new byte[64 * 1024];
        const int rounds = 60_000;
        var before = engine.GetCounters(1)!.Value.BytesClientToTarget;
        var b0 = GC.GetTotalAllocatedBytes(precise: true);
        var reader = Task.Run(async () =>
        {
            var total = 0L;
            var rb = new byte[256 * 1024];
            while (total < (long)rounds * chunk.Length)
            {
                total += await bulk.ReceiveAsync(rb.AsMemory(), SocketFlags.None);
            }
        });
        for (var i = 0; i < rounds; i++)
        {
            await bulk.SendAsync(chunk.AsMemory(), SocketFlags.None);
        }

        await reader;
        var b1 = GC.GetTotalAllocatedBytes(precise: true);
        var moved = (engine.GetCounters(1)!.Value.BytesClientToTarget - before) * 2;
        Console.WriteLine($"alloc-check: {b1 - b0} B allocated while relaying {moved / (1024 * 1024)} MiB both ways (test client included)");
    }

    /// <summary>Bursts of 32 datagrams of 1400 bytes from one client, each burst echoed before the next.</summary>
    private static async Task UdpAsync(bool udpBatch)
    {
        await using var echo = new LoopbackEcho();
        await using var engine = new RelayEngine(udpBatch: udpBatch);
        Console.WriteLine($"alloc-check: UDP {(engine.UdpBatch ? "batched (recvmmsg, sendmmsg)" : "one datagram per system call")}");
        var rule = new RelayRule(1, "alloc", RelayTransport.Udp, IPAddress.Loopback, 0, 0, "127.0.0.1", echo.EndPoint.Port, [], RelayLimits.Default);
        var relay = (await engine.ApplyAsync(rule, CancellationToken.None)).Listening[0].EndPoint;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        const int rounds = 2000;
        const int burst = 32;
        await UdpBurstsAsync(relay, 200, burst, timeout.Token); // warm up (tiering)
        var a0 = GC.GetTotalAllocatedBytes(precise: true);
        await UdpBurstsAsync(relay, rounds, burst, timeout.Token);
        var a1 = GC.GetTotalAllocatedBytes(precise: true);
        var clientOnly = GC.GetTotalAllocatedBytes(precise: true);
        await UdpBurstsAsync(echo.EndPoint, rounds, burst, timeout.Token);
        clientOnly = GC.GetTotalAllocatedBytes(precise: true) - clientOnly;
        const double datagrams = 2.0 * rounds * burst;
        Console.WriteLine($"alloc-check: {(a1 - a0) / datagrams:F1} B per relayed UDP datagram (client and echo alone: {clientOnly / datagrams:F1} B)");
    }

    private static async Task UdpBurstsAsync(IPEndPoint to, int rounds, int burst, CancellationToken ct)
    {
        using var c = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 };
        c.Connect(to);
        var payload = new byte[1400];
        var reply = new byte[64 * 1024];
        for (var r = 0; r < rounds; r++)
        {
            for (var i = 0; i < burst; i++)
            {
                await c.SendAsync(payload.AsMemory(), SocketFlags.None, ct);
            }

            for (var i = 0; i < burst; i++)
            {
                await c.ReceiveAsync(reply.AsMemory(), SocketFlags.None, ct);
            }
        }
    }

    private static async Task<double> ClientOnlyAsync(IPEndPoint target, byte[] request, byte[] buffer, int n)
    {
        var a0 = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < n; i++)
        {
            using var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await c.ConnectAsync(target);
            await c.SendAsync(request.AsMemory(), SocketFlags.None);
            c.Shutdown(SocketShutdown.Send);
            while (await c.ReceiveAsync(buffer.AsMemory(), SocketFlags.None) > 0)
            {
            }
        }

        // The backend's per-connection allocations are in here as well, as in the relayed figure.
        return (GC.GetTotalAllocatedBytes(precise: true) - a0) / (double)n;
    }

    private static async Task WaitIdleAsync(RelayEngine engine)
    {
        while (engine.GetCounters(1)!.Value.TcpActive != 0)
        {
            await Task.Delay(10);
        }
    }
}
