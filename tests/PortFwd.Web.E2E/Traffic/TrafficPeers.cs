using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortFwd.Web.E2E.Traffic;

/// <summary>Known amounts of bytes through a rule, and the panel's traffic API and /metrics read back.</summary>
internal static class TrafficPeers
{
    /// <summary>Sends <paramref name="size"/> bytes over one TCP connection to an <see cref="EchoServer"/> and reads the echo (tag + ":" + bytes).</summary>
    public static async Task<(long Sent, long Received)> TcpEchoAsync(int port, int size, string tag, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        var payload = new byte[size];
        Array.Fill(payload, (byte)'x');
        await stream.WriteAsync(payload, timeout.Token);
        var expected = size + tag.Length + 1;
        var buffer = new byte[64 * 1024];
        long received = 0;
        while (received < expected)
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0)
            {
                break;
            }

            received += n;
        }

        return (size, received);
    }

    /// <summary>Sends one datagram of <paramref name="size"/> bytes and waits for the echo; exactly once, so the byte count is known.</summary>
    public static async Task<(long Sent, long Received)> UdpEchoAsync(int port, int size, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var payload = Encoding.ASCII.GetBytes(new string('u', size));
        await client.SendAsync(payload, new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        var reply = await client.ReceiveAsync(timeout.Token);
        return (size, reply.Buffer.Length);
    }

    /// <summary>Polls the traffic API until <paramref name="done"/> holds; returns the last answer (the caller asserts on it).</summary>
    public static async Task<JsonElement> WaitForTrafficAsync(
        HttpClient api, int ruleId, string range, Func<JsonElement, bool> done, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        JsonElement traffic;
        do
        {
            traffic = await api.GetFromJsonAsync<JsonElement>($"/api/rules/{ruleId}/traffic?range={range}", ct);
            if (done(traffic))
            {
                return traffic;
            }

            await Task.Delay(50, ct);
        }
        while (DateTime.UtcNow < deadline);

        return traffic;
    }

    /// <summary>
    /// Waits (bounded) until the rule's lifetime totals in the database file reach <paramref name="bytesIn"/>,
    /// i.e. until a flush made them durable. Returns how long that took.
    /// </summary>
    public static async Task<TimeSpan> WaitUntilStoredAsync(string dataDirectory, int ruleId, long bytesIn, TimeSpan within, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var connection = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "portfwd.db"),
            Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        while (DateTime.UtcNow - started < within)
        {
            await using (var db = new Microsoft.Data.Sqlite.SqliteConnection(connection))
            {
                await db.OpenAsync(ct);
                await using var query = db.CreateCommand();
                query.CommandText = "SELECT BytesIn FROM TrafficTotals WHERE RuleId = $rule";
                query.Parameters.AddWithValue("$rule", ruleId);
                if (await query.ExecuteScalarAsync(ct) is long stored && stored >= bytesIn)
                {
                    return DateTime.UtcNow - started;
                }
            }

            await Task.Delay(100, ct);
        }

        Assert.Fail($"Rule {ruleId}'s {bytesIn} bytes were not in the database within {within.TotalSeconds} s.");
        return within;
    }

    public static long Total(JsonElement traffic, string name) => traffic.GetProperty("totals").GetProperty(name).GetInt64();

    /// <summary>
    /// Parses the Prometheus text format strictly enough to fail on anything malformed: every line is a
    /// comment (# HELP / # TYPE) or <c>name{label="value",...} number</c>. Returns samples keyed by name and labels.
    /// </summary>
    public static Dictionary<(string Name, string RuleId), double> ParseMetrics(string text)
    {
        var samples = new Dictionary<(string, string), double>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                continue;
            }

            var match = System.Text.RegularExpressions.Regex.Match(line, """^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$""");
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            var labels = new Dictionary<string, string>();
            foreach (System.Text.RegularExpressions.Match label in System.Text.RegularExpressions.Regex.Matches(match.Groups[3].Value, """([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?"""))
            {
                labels[label.Groups[1].Value] = label.Groups[2].Value;
            }

            var value = double.Parse(match.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
            var key = (match.Groups[1].Value + (labels.TryGetValue("class", out var c) ? "/" + c : ""), labels.GetValueOrDefault("rule_id", ""));
            samples[key] = value;
            if (labels.TryGetValue("rule_name", out var name))
            {
                samples[(match.Groups[1].Value + "#name=" + name, labels["rule_id"])] = value;
            }
        }

        return samples;
    }
}

/// <summary>An HTTP service for http rules: answers /status/{code} with that code, echoes POST bodies and WebSocket messages.</summary>
internal static class HttpStatusBackend
{
    public static Task<Forwarding.HttpBackend> StartAsync() => Forwarding.HttpBackend.StartAsync(HandleAsync, webSockets: true);

    private static async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (context.WebSockets.IsWebSocketRequest)
        {
            // Echoes each message back, until the client closes.
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var message = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (message.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, message.Count), message.MessageType, message.EndOfMessage, CancellationToken.None);
            }
        }

        if (path.StartsWith("/status/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = int.Parse(path["/status/".Length..], System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(body.ToArray());
    }
}
