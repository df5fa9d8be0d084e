using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Certificates;

namespace PortFwd.Web.Tests.Blocklist;

/// <summary>The blocklist over time and restarts: entries expire on the panel's clock, and the table is in force again after a start.</summary>
public sealed class BlocklistExpiryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonObject> EchoRuleAsync(HttpClient api, int echoPort)
    {
        var rule = PanelApi.Rule("Echo", LoopbackPorts.Free());
        rule["internalHost"] = "127.0.0.1";
        rule["internalPort"] = echoPort;
        var created = await api.CreateRuleAsync(rule, Ct);
        await api.WaitUntilActiveAsync(created, Ct);
        return created;
    }

    private static async Task<List<string>> AddressesAsync(HttpClient api) =>
        [.. (await api.GetFromJsonAsync<JsonArray>("/api/blocklist", Ct))!.Select(e => (string)e!["address"]!)];

    /// <summary>Polls until <paramref name="condition"/> holds (bounded: the assertion after it shows what failed).</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline && !await condition();)
        {
            await Task.Delay(25, Ct);
        }
    }

    [Fact]
    public async Task An_entry_stops_blocking_and_leaves_the_table_when_the_clock_reaches_its_expiry_and_the_others_stay()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new PanelFactory { Clock = clock };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        await using var echo = new EchoServer();
        var rule = await EchoRuleAsync(api, echo.Port);
        var port = (int)rule["externalPort"]!;
        using (var add = await api.PostJsonAsync("/api/blocklist", new JsonObject { ["address"] = "127.0.0.2", ["expiresAt"] = clock.GetUtcNow().AddMinutes(10).ToString("O") }, Ct))
        using (var keep = await api.PostJsonAsync("/api/blocklist", new JsonObject { ["address"] = "198.51.100.0/24" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
            Assert.Equal(HttpStatusCode.Created, keep.StatusCode);
        }

        Assert.True(await BlocklistPeers.IsRefusedAsync(BlocklistPeers.Blocked, port));
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Contains("127.0.0.2", await AddressesAsync(api));
        Assert.True(await BlocklistPeers.IsRefusedAsync(BlocklistPeers.Blocked, port));

        clock.Advance(TimeSpan.FromMinutes(1));

        await EventuallyAsync(async () => !(await AddressesAsync(api)).Contains("127.0.0.2"));
        Assert.Equal(["198.51.100.0/24"], await AddressesAsync(api));
        Assert.Equal(1L, await ScalarAsync(factory, "SELECT COUNT(*) FROM Blocklist"));
        using var served = await BlocklistPeers.ConnectFromAsync(BlocklistPeers.Blocked, port);
        Assert.Equal("after expiry", await served.EchoAsync("after expiry"));
    }

    [Fact]
    public async Task After_a_restart_the_stored_blocklist_is_in_force_before_anyone_is_served()
    {
        var directory = PanelFactory.NewDataDirectory();
        try
        {
            await using var echo = new EchoServer();
            int port;
            await using (var first = new PanelFactory(directory))
            {
                using var api = first.BearerClient(await first.RequestTokenAsync(Ct));
                port = (int)(await EchoRuleAsync(api, echo.Port))["externalPort"]!;
                using var add = await api.PostJsonAsync("/api/blocklist", new JsonObject { ["address"] = "127.0.0.2" }, Ct);
                Assert.Equal(HttpStatusCode.Created, add.StatusCode);
            }

            await using var second = new PanelFactory(directory);
            using var again = second.BearerClient(await second.RequestTokenAsync(Ct));
            await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);

            Assert.True(await BlocklistPeers.IsRefusedAsync(BlocklistPeers.Blocked, port));
            using var served = await BlocklistPeers.ConnectFromAsync(IPAddress.Loopback, port);
            Assert.Equal("served", await served.EchoAsync("served"));
            Assert.Equal(["127.0.0.2"], await AddressesAsync(again));
        }
        finally
        {
            PanelFactory.DeleteDataDirectory(directory);
        }
    }

    private static async Task<object?> ScalarAsync(PanelFactory factory, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
}
