using System.Net.Http.Json;
using System.Text.Json;
using PortFwd.Web.E2E.Forwarding;

namespace PortFwd.Web.E2E.Traffic;

public sealed class TrafficRestartTests
{
    [Fact]
    public async Task After_kill_9_and_a_restart_the_24h_totals_and_metrics_still_hold_the_bytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("portfwd-traffic-restart-").FullName;
        const string password = "traffic-Passw0rd";
        try
        {
            await using var echo = new EchoServer("r");
            var tcpPort = LoopbackPorts.Free();
            var udpPort = LoopbackPorts.Free();
            long tcpSent, tcpReceived, udpSent, udpReceived;
            int tcp, udp;
            await using (var first = await AppProcess.StartAsync(data, password, ct))
            {
                using var api = await PanelApi.SignInAsync(first.BaseUrl, password, ct);
                var http = api.Http;
                tcp = await api.CreateAsync(new { name = "tcp", protocol = "tcp", externalPort = tcpPort, internalHost = "127.0.0.1", internalPort = echo.Port }, ct);
                udp = await api.CreateAsync(new { name = "udp", protocol = "udp", externalPort = udpPort, internalHost = "127.0.0.1", internalPort = echo.Port }, ct);
                await api.WaitForStateAsync(tcp, "active", TimeSpan.FromSeconds(5), ct);
                await api.WaitForStateAsync(udp, "active", TimeSpan.FromSeconds(5), ct);
                (tcpSent, tcpReceived) = await TrafficPeers.TcpEchoAsync(tcpPort, 64_000, "r", ct);
                (udpSent, udpReceived) = await TrafficPeers.UdpEchoAsync(udpPort, 900, ct);
                await TrafficPeers.WaitForTrafficAsync(http, tcp, "5m", t => TrafficPeers.Total(t, "bytesOut") == tcpReceived, TimeSpan.FromSeconds(2), ct);
                await TrafficPeers.WaitForTrafficAsync(http, udp, "5m", t => TrafficPeers.Total(t, "bytesOut") == udpReceived, TimeSpan.FromSeconds(2), ct);

                // Rollups are added to the database every 5 s (a power cut loses at most that much): wait for it, then pull the plug.
                var stored = await TrafficPeers.WaitUntilStoredAsync(data, tcp, tcpSent, TimeSpan.FromSeconds(30), ct);
                await TrafficPeers.WaitUntilStoredAsync(data, udp, udpSent, TimeSpan.FromSeconds(15), ct);
                Assert.True(stored < TimeSpan.FromSeconds(10), $"the bytes took {stored.TotalSeconds:0.0} s to reach the database");
                await first.KillAsync();
            }

            await using var second = await AppProcess.StartAsync(data, password, ct);
            using var api2 = await PanelApi.SignInAsync(second.BaseUrl, password, ct);
            var http2 = api2.Http;
            foreach (var (rule, sent, received) in new[] { (tcp, tcpSent, tcpReceived), (udp, udpSent, udpReceived) })
            {
                foreach (var range in new[] { "1h", "24h", "7d" })
                {
                    var traffic = await http2.GetFromJsonAsync<JsonElement>($"/api/rules/{rule}/traffic?range={range}", ct);
                    Assert.Equal(sent, TrafficPeers.Total(traffic, "bytesIn"));
                    Assert.Equal(received, TrafficPeers.Total(traffic, "bytesOut"));
                }
            }

            var metrics = TrafficPeers.ParseMetrics(await http2.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct));
            Assert.Equal(tcpSent, metrics[("portfwd_rule_bytes_in_total", "1")]);
            Assert.Equal(tcpReceived, metrics[("portfwd_rule_bytes_out_total", "1")]);
            Assert.Equal(udpSent, metrics[("portfwd_rule_bytes_in_total", "2")]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
