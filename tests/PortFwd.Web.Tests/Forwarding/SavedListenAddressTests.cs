using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Forwarding;

/// <summary>A listen address that is not an IP address, written into the database behind the validator's back, stops the rule with an error; it never listens everywhere.</summary>
public sealed class SavedListenAddressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bad_saved_listen_address_closes_the_rule_and_shows_the_error()
    {
        await using var factory = new PanelFactory();
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var port = LoopbackPorts.Free();
        var body = PanelApi.Rule("Typo", port);
        body["listenAddress"] = "127.0.0.1";
        var rule = await api.CreateRuleAsync(body, Ct);
        await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);

        await SetListenAddressAsync(factory.DatabasePath, (int)rule["id"]!, "192.168.1.300");
        // Any save wakes the reconciler, which reads every rule again.
        await api.CreateRuleAsync(PanelApi.Rule("Wake", LoopbackPorts.Free(), enabled: false), Ct);

        var status = await StatusWhenAsync(api, (int)rule["id"]!, s => (string?)s["state"] == "error");
        Assert.Contains("\"192.168.1.300\" is not an IP address", (string?)status["message"], StringComparison.Ordinal);
        await LoopbackPorts.WaitUntilAsync(port, accepting: false, Ct);
    }

    private static async Task SetListenAddressAsync(string databasePath, int id, string value)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE Rules SET ListenAddress = $value WHERE Id = $id";
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }

    /// <summary>Polls the rule's status (up to 10 s) until it matches.</summary>
    private static async Task<JsonObject> StatusWhenAsync(HttpClient api, int id, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await api.GetAsync($"/api/rules/{id}/status", Ct);
            var status = await response.ReadObjectAsync(Ct);
            if (done(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Status still {status.ToJsonString()} after 10 s.");
            await Task.Delay(50, Ct);
        }
    }
}
