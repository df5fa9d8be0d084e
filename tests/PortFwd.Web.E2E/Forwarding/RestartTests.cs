namespace PortFwd.Web.E2E.Forwarding;

public sealed class RestartTests
{
    [Fact]
    public async Task After_kill_9_a_restart_on_the_same_data_directory_brings_every_enabled_rule_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("portfwd-restart-").FullName;
        const string password = "restart-Passw0rd";
        try
        {
            await using var tcpEcho = new EchoServer("tcp");
            await using var udpEcho = new EchoServer("udp");
            var tcpPort = LoopbackPorts.Free();
            var udpPort = LoopbackPorts.Free();
            var offPort = LoopbackPorts.Free();

            await using (var first = await AppProcess.StartAsync(data, password, ct))
            {
                using var api = await PanelApi.SignInAsync(first.BaseUrl, password, ct);
                var tcp = await api.CreateAsync(new { name = "tcp", protocol = "tcp", externalPort = tcpPort, internalHost = "127.0.0.1", internalPort = tcpEcho.Port }, ct);
                var udp = await api.CreateAsync(new { name = "udp", protocol = "udp", externalPort = udpPort, internalHost = "127.0.0.1", internalPort = udpEcho.Port }, ct);
                await api.CreateAsync(new { name = "off", protocol = "tcp", externalPort = offPort, internalHost = "127.0.0.1", internalPort = tcpEcho.Port, enabled = false }, ct);
                await api.WaitForStateAsync(tcp, "active", TimeSpan.FromSeconds(2), ct);
                await api.WaitForStateAsync(udp, "active", TimeSpan.FromSeconds(2), ct);
                await first.KillAsync();
            }

            Assert.True(await Net.TcpRefusedAsync(tcpPort, ct), "the killed process must no longer hold the port");

            await using var second = await AppProcess.StartAsync(data, password, ct);
            using var api2 = await PanelApi.SignInAsync(second.BaseUrl, password, ct);
            await api2.WaitForStateAsync(1, "active", TimeSpan.FromSeconds(5), ct);
            await api2.WaitForStateAsync(2, "active", TimeSpan.FromSeconds(5), ct);
            await api2.WaitForStateAsync(3, "disabled", TimeSpan.FromSeconds(5), ct);
            Assert.Equal("tcp:again", await Net.TcpRoundTripAsync(tcpPort, "again", ct));
            Assert.Equal("udp:again", await Net.UdpRoundTripAsync(udpPort, "again", ct));
            Assert.True(await Net.TcpRefusedAsync(offPort, ct), "a disabled rule stays closed after a restart");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
