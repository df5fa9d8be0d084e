using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortFwd.Web.E2E.Forwarding;

namespace PortFwd.Web.E2E.Traffic;

/// <summary>Bytes through real tcp, udp and http rules of the real app, read back from the traffic API and /metrics.</summary>
public sealed class TrafficApiTests : IAsyncLifetime
{
    private readonly PanelServer _server = new();
    private PanelApi _api = default!;
    private HttpClient _http = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        _api = await PanelApi.SignInAsync(_server.BaseUrl, PanelServer.AdminPassword, Ct);
        _http = _api.Http;
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Known_bytes_through_a_tcp_and_a_udp_rule_show_exactly_in_the_totals_within_2_s_at_the_right_seconds()
    {
        await using var tcpEcho = new EchoServer("tcp");
        await using var udpEcho = new EchoServer("udp");
        var tcp = await _api.CreateAsync(new { name = "Game TCP", protocol = "tcp", externalPort = LoopbackPorts.Free(), internalHost = "127.0.0.1", internalPort = tcpEcho.Port }, Ct);
        var udp = await _api.CreateAsync(new { name = "Game UDP", protocol = "udp", externalPort = LoopbackPorts.Free(), internalHost = "127.0.0.1", internalPort = udpEcho.Port }, Ct);
        var tcpPort = (await _api.WaitForStateAsync(tcp, "active", TimeSpan.FromSeconds(5), Ct)).GetProperty("listening")[0].GetString()!.Split(':')[^1];
        var udpPort = (await _api.WaitForStateAsync(udp, "active", TimeSpan.FromSeconds(5), Ct)).GetProperty("listening")[0].GetString()!.Split(':')[^1];

        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (tcpSent, tcpReceived) = await TrafficPeers.TcpEchoAsync(int.Parse(tcpPort, System.Globalization.CultureInfo.InvariantCulture), 100_000, "tcp", Ct);
        var (udpSent, udpReceived) = await TrafficPeers.UdpEchoAsync(int.Parse(udpPort, System.Globalization.CultureInfo.InvariantCulture), 1200, Ct);
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(100_004, tcpReceived);
        Assert.Equal(1204, udpReceived);

        var tcpTraffic = await TrafficPeers.WaitForTrafficAsync(_http, tcp, "5m",
            t => TrafficPeers.Total(t, "bytesIn") == tcpSent && TrafficPeers.Total(t, "bytesOut") == tcpReceived, TimeSpan.FromSeconds(2), Ct);
        var udpTraffic = await TrafficPeers.WaitForTrafficAsync(_http, udp, "5m",
            t => TrafficPeers.Total(t, "bytesIn") == udpSent && TrafficPeers.Total(t, "bytesOut") == udpReceived, TimeSpan.FromSeconds(2), Ct);

        Assert.Equal(tcpSent, TrafficPeers.Total(tcpTraffic, "bytesIn"));
        Assert.Equal(tcpReceived, TrafficPeers.Total(tcpTraffic, "bytesOut"));
        Assert.Equal(1, TrafficPeers.Total(tcpTraffic, "connections"));
        Assert.Equal(udpSent, TrafficPeers.Total(udpTraffic, "bytesIn"));
        Assert.Equal(udpReceived, TrafficPeers.Total(udpTraffic, "bytesOut"));
        Assert.Equal(1, TrafficPeers.Total(udpTraffic, "datagramsIn"));
        Assert.Equal(1, TrafficPeers.Total(udpTraffic, "connections")); // one UDP session opened
        Assert.Equal(1, TrafficPeers.Total(udpTraffic, "activeUdpSessions"));

        // The 5-minute series is per second, and the bytes sit in the seconds they flowed (the tick after, at most).
        foreach (var (traffic, sent) in new[] { (tcpTraffic, tcpSent), (udpTraffic, udpSent) })
        {
            Assert.Equal(1, traffic.GetProperty("step").GetInt32());
            var points = traffic.GetProperty("points").EnumerateArray().ToList();
            Assert.NotEmpty(points);
            foreach (var point in points)
            {
                var second = point.GetProperty("time").GetDateTimeOffset().ToUnixTimeSeconds();
                Assert.InRange(second, before, after + 2);
                // A listed point saw something: bytes, or a connection accepted a tick before its bytes.
                Assert.True(point.GetProperty("bytesIn").GetInt64() + point.GetProperty("bytesOut").GetInt64() + point.GetProperty("connections").GetInt64() > 0);
            }

            Assert.Equal(sent, points.Sum(p => p.GetProperty("bytesIn").GetInt64()));
        }

        // The hour and day ranges (minute rollups) carry the same totals.
        foreach (var range in new[] { "1h", "24h", "7d", "30d" })
        {
            var longer = await _http.GetFromJsonAsync<JsonElement>($"/api/rules/{tcp}/traffic?range={range}", Ct);
            Assert.Equal(tcpSent, TrafficPeers.Total(longer, "bytesIn"));
            Assert.Equal(tcpReceived, TrafficPeers.Total(longer, "bytesOut"));
        }
    }

    [Fact]
    public async Task Datagrams_dropped_by_a_udp_rules_rate_limit_count_as_refused_in_the_totals_and_metrics()
    {
        await using var echo = new EchoServer("udp");
        var port = LoopbackPorts.Free();
        // 1 KB/s: the budget is the 64 KiB burst, so of 100 datagrams of 1,400 bytes (137 KiB) about half go through.
        var rule = await _api.CreateAsync(new { name = "Limited UDP", protocol = "udp", externalPort = port, internalHost = "127.0.0.1", internalPort = echo.Port, rateLimitInKBps = 1 }, Ct);
        await _api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        using (var client = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            var datagram = new byte[1400];
            for (var i = 0; i < 100; i++)
            {
                await client.SendAsync(datagram, new IPEndPoint(IPAddress.Loopback, port), Ct);
            }
        }

        var traffic = await TrafficPeers.WaitForTrafficAsync(_http, rule, "5m",
            t => TrafficPeers.Total(t, "datagramsIn") + TrafficPeers.Total(t, "refused") == 100, TimeSpan.FromSeconds(10), Ct);
        var passed = TrafficPeers.Total(traffic, "datagramsIn");
        Assert.InRange(passed, 40, 50);
        Assert.Equal(100 - passed, TrafficPeers.Total(traffic, "refused"));

        using var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        var metrics = TrafficPeers.ParseMetrics(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(100 - passed, metrics[("portfwd_rule_refused_total", rule.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    [Fact]
    public async Task Metrics_parse_and_carry_the_same_totals_as_the_api_and_need_sign_in()
    {
        await using var echo = new EchoServer("m");
        var port = LoopbackPorts.Free();
        var rule = await _api.CreateAsync(new { name = "Metered \"quoted\"", protocol = "tcpudp", externalPort = port, internalHost = "127.0.0.1", internalPort = echo.Port }, Ct);
        await _api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);
        var (sent, received) = await TrafficPeers.TcpEchoAsync(port, 5000, "m", Ct);
        var traffic = await TrafficPeers.WaitForTrafficAsync(_http, rule, "24h",
            t => TrafficPeers.Total(t, "bytesOut") == received, TimeSpan.FromSeconds(2), Ct);

        using var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        var metrics = TrafficPeers.ParseMetrics(await response.Content.ReadAsStringAsync(Ct));

        var id = rule.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(sent, metrics[("portfwd_rule_bytes_in_total", id)]);
        Assert.Equal(received, metrics[("portfwd_rule_bytes_out_total", id)]);
        Assert.Equal(TrafficPeers.Total(traffic, "bytesIn"), metrics[("portfwd_rule_bytes_in_total", id)]);
        Assert.Equal(TrafficPeers.Total(traffic, "connections"), metrics[("portfwd_rule_connections_total", id)]);
        Assert.True(metrics.ContainsKey(("portfwd_rule_bytes_in_total#name=Metered \\\"quoted\\\"", id)), "labelled by the rule's name, escaped");
        Assert.True(metrics.ContainsKey(("portfwd_rule_active_connections", id)));

        using var anonymous = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };
        using var refused = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task An_http_rule_counts_requests_bytes_and_status_classes()
    {
        await using var backend = await HttpStatusBackend.StartAsync();
        var port = LoopbackPorts.Free();
        var rule = await _api.CreateAsync(new { name = "Web", protocol = "http", externalPort = port, internalHost = "127.0.0.1", internalPort = backend.Port }, Ct);
        await _api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var body = new byte[3000];
        using (var posted = await client.PostAsync(new Uri($"http://127.0.0.1:{port}/echo"), new ByteArrayContent(body), Ct))
        {
            Assert.Equal(3000, (await posted.Content.ReadAsByteArrayAsync(Ct)).Length);
        }

        foreach (var code in new[] { 204, 301, 404, 404, 503 })
        {
            using var answer = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/status/{code}"), Ct);
            Assert.Equal(code, (int)answer.StatusCode);
        }

        var traffic = await TrafficPeers.WaitForTrafficAsync(_http, rule, "5m", t => TrafficPeers.Total(t, "requests") == 6, TimeSpan.FromSeconds(2), Ct);
        Assert.Equal(6, TrafficPeers.Total(traffic, "requests"));
        Assert.Equal(3000, TrafficPeers.Total(traffic, "bytesIn"));
        Assert.Equal(3000, TrafficPeers.Total(traffic, "bytesOut"));
        Assert.Equal(2, TrafficPeers.Total(traffic, "status2xx"));
        Assert.Equal(1, TrafficPeers.Total(traffic, "status3xx"));
        Assert.Equal(2, TrafficPeers.Total(traffic, "status4xx"));
        Assert.Equal(1, TrafficPeers.Total(traffic, "status5xx"));
        Assert.True(traffic.GetProperty("totals").GetProperty("avgUpstreamLatencyMs").GetDouble() > 0);
    }

    [Fact]
    public async Task WebSocket_bytes_through_an_http_rule_are_counted()
    {
        await using var backend = await HttpStatusBackend.StartAsync();
        var port = LoopbackPorts.Free();
        var rule = await _api.CreateAsync(new { name = "Chat", protocol = "http", externalPort = port, internalHost = "127.0.0.1", internalPort = backend.Port }, Ct);
        await _api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        using (var socket = new System.Net.WebSockets.ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), Ct);
            var message = new byte[10_000];
            var echo = new byte[16 * 1024];
            for (var i = 0; i < 5; i++)
            {
                await socket.SendAsync(message, System.Net.WebSockets.WebSocketMessageType.Binary, endOfMessage: true, Ct);
                var received = 0;
                while (received < message.Length)
                {
                    received += (await socket.ReceiveAsync(echo, Ct)).Count;
                }
            }

            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, Ct);
        }

        // 50 000 payload bytes each way, plus WebSocket framing.
        var traffic = await TrafficPeers.WaitForTrafficAsync(_http, rule, "5m",
            t => TrafficPeers.Total(t, "bytesIn") >= 50_000 && TrafficPeers.Total(t, "bytesOut") >= 50_000 && TrafficPeers.Total(t, "requests") == 1,
            TimeSpan.FromSeconds(2), Ct);
        Assert.InRange(TrafficPeers.Total(traffic, "bytesIn"), 50_000, 50_200);
        Assert.InRange(TrafficPeers.Total(traffic, "bytesOut"), 50_000, 50_200);
        Assert.Equal(1, TrafficPeers.Total(traffic, "requests"));
    }

    [Fact]
    public async Task Deleting_a_rule_deletes_its_history()
    {
        await using var echo = new EchoServer("d");
        var port = LoopbackPorts.Free();
        var rule = await _api.CreateAsync(new { name = "Short-lived", protocol = "tcp", externalPort = port, internalHost = "127.0.0.1", internalPort = echo.Port }, Ct);
        await _api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);
        var (sent, _) = await TrafficPeers.TcpEchoAsync(port, 2000, "d", Ct);
        await TrafficPeers.WaitForTrafficAsync(_http, rule, "24h", t => TrafficPeers.Total(t, "bytesIn") == sent, TimeSpan.FromSeconds(2), Ct);
        await TrafficPeers.WaitUntilStoredAsync(_server.DataDirectory, rule, sent, TimeSpan.FromSeconds(15), Ct);

        await _api.DeleteAsync(rule, Ct);

        using var gone = await _http.GetAsync(new Uri($"/api/rules/{rule}/traffic?range=24h", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_server.DataDirectory, "portfwd.db")}");
        await connection.OpenAsync(Ct);
        foreach (var table in new[] { "TrafficMinutes", "TrafficHours", "TrafficTotals" })
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM {table} WHERE RuleId = {rule}";
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync(Ct))!);
        }
    }
}
