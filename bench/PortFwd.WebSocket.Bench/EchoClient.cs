using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortFwd.WebSocket.Bench;

/// <summary>
/// The load: N WebSocket connections, each sending one binary message and waiting for its echo, over and
/// over. Messages whose echo arrives inside the measured window (after the warm-up) are counted; the proxy's
/// CPU is read at the window's edges.
/// </summary>
internal static class EchoClient
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var url = options.Url ?? throw new ArgumentException("client needs --url", nameof(options));
        // Bounded: whatever a proxy does, the run ends this long after it started.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Warmup + options.Duration + TimeSpan.FromSeconds(30));

        var connections = await OpenAsync(url, options.Connections, deadline.Token);
        var start = Stopwatch.GetTimestamp();
        var window = new Window(start + Ticks(options.Warmup), start + Ticks(options.Warmup + options.Duration));
        var cpu = options.CpuPid is { } pid ? ReadCpuAsync(pid, window, deadline.Token) : Task.FromResult<double?>(null);
        var loops = connections.Open.Select((socket, i) => new PingPong(socket, options.Size, i)).ToArray();
        await Task.WhenAll(loops.Select(loop => loop.RunAsync(window, deadline.Token)));
        var proxyCpu = await cpu;
        var closeErrors = await CloseAsync(connections.Open);

        var roundTrips = new RoundTripHistogram();
        foreach (var loop in loops)
        {
            roundTrips.Add(loop.RoundTrips);
        }

        var secs = options.Duration.TotalSeconds;
        var report = new ClientReport(
            url.ToString(), options.Connections, options.Size, secs, roundTrips.Count, Math.Round(roundTrips.Count / secs, 1),
            roundTrips.Percentile(0.50), roundTrips.Percentile(0.99),
            connections.Failed + loops.Sum(loop => loop.Errors) + closeErrors,
            roundTrips.Count * options.Size,
            proxyCpu is { } s ? Math.Round(s, 3) : null,
            proxyCpu is { } c && roundTrips.Count > 0 ? Math.Round(c * 1e6 / roundTrips.Count, 2) : null);
        Console.WriteLine(JsonSerializer.Serialize(report, Json));
        return report.Errors == 0 && report.Messages > 0 ? 0 : 1;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static async Task<(List<ClientWebSocket> Open, int Failed)> OpenAsync(Uri url, int count, CancellationToken ct)
    {
        var open = new List<ClientWebSocket>(count);
        var failed = 0;
        // A few handshakes at a time: the proxy under test is on one core and the point is the echo, not the accept storm.
        foreach (var batch in Enumerable.Range(0, count).Chunk(16))
        {
            var sockets = batch.Select(_ => new ClientWebSocket()).ToArray();
            var connected = await Task.WhenAll(sockets.Select(socket => ConnectAsync(socket, url, ct)));
            for (var i = 0; i < sockets.Length; i++)
            {
                if (connected[i])
                {
                    open.Add(sockets[i]);
                }
                else
                {
                    sockets[i].Dispose();
                    failed++;
                }
            }
        }

        return (open, failed);
    }

    private static async Task<bool> ConnectAsync(ClientWebSocket socket, Uri url, CancellationToken ct)
    {
        // No keep-alive pings: the only frames on the wire are the ones measured.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(url, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            Console.Error.WriteLine($"connect {url}: {e.Message}");
            return false;
        }
    }

    private static async Task<double?> ReadCpuAsync(int pid, Window window, CancellationToken ct)
    {
        await DelayUntilAsync(window.From, ct);
        var before = ProxyCpu.Seconds(pid);
        await DelayUntilAsync(window.To, ct);
        var after = ProxyCpu.Seconds(pid);
        return before is { } b && after is { } a ? a - b : null;
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken ct)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ct);
        }
    }

    private static async Task<int> CloseAsync(List<ClientWebSocket> sockets)
    {
        var failed = 0;
        await Task.WhenAll(sockets.Select(async socket =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                Interlocked.Increment(ref failed);
            }
            finally
            {
                socket.Dispose();
            }
        }));
        return failed;
    }

    /// <summary>One connection's loop: send, wait for the same bytes back, record the round trip.</summary>
    private sealed class PingPong(ClientWebSocket socket, int size, int seed)
    {
        private readonly byte[] _message = Message(size, seed);
        // One byte more than a message, so an echo longer than what was sent shows as an error.
        private readonly byte[] _echo = new byte[size + 1];

        public RoundTripHistogram RoundTrips { get; } = new();

        public long Errors { get; private set; }

        public async Task RunAsync(Window window, CancellationToken ct)
        {
            try
            {
                for (long sequence = 0; Stopwatch.GetTimestamp() < window.To; sequence++)
                {
                    // A fresh sequence number in every message of 8 bytes or more, so an echo of an older one does not match.
                    BitConverter.TryWriteBytes(_message.AsSpan(0, Math.Min(size, sizeof(long))), sequence);
                    var sent = Stopwatch.GetTimestamp();
                    await socket.SendAsync(_message, WebSocketMessageType.Binary, endOfMessage: true, ct);
                    if (!await ReceiveEchoAsync(ct))
                    {
                        Errors++;
                        return;
                    }

                    var received = Stopwatch.GetTimestamp();
                    if (received >= window.From && received < window.To)
                    {
                        RoundTrips.Record((long)Stopwatch.GetElapsedTime(sent, received).TotalMicroseconds);
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                Console.Error.WriteLine($"connection {seed}: {e.Message}");
                Errors++;
            }
        }

        private async Task<bool> ReceiveEchoAsync(CancellationToken ct)
        {
            var filled = 0;
            while (filled < _echo.Length)
            {
                var part = await socket.ReceiveAsync(_echo.AsMemory(filled), ct);
                if (part.MessageType != WebSocketMessageType.Binary)
                {
                    Console.Error.WriteLine($"connection {seed}: {part.MessageType} frame instead of the echo");
                    return false;
                }

                filled += part.Count;
                if (part.EndOfMessage)
                {
                    return filled == size && _echo.AsSpan(0, size).SequenceEqual(_message);
                }
            }

            Console.Error.WriteLine($"connection {seed}: echo longer than the {size} bytes sent");
            return false;
        }

        private static byte[] Message(int size, int seed)
        {
            var message = new byte[size];
            new Random(seed).NextBytes(message);
            return message;
        }
    }

    /// <summary>The measured window, in <see cref="Stopwatch"/> timestamps: echoes arriving in [From, To) count.</summary>
    private readonly record struct Window(long From, long To);

    /// <summary>The one JSON line a client run prints.</summary>
    private sealed record ClientReport(
        string Url,
        int Connections,
        int Size,
        double Secs,
        long Messages,
        [property: JsonPropertyName("messages_per_s")] double MessagesPerSecond,
        double? P50Us,
        double? P99Us,
        long Errors,
        [property: JsonPropertyName("bytes_each_way")] long Bytes,
        double? ProxyCpuS,
        double? ProxyCpuUsPerMessage);
}
