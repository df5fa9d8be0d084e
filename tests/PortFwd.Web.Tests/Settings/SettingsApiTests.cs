using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Tests.Settings;

/// <summary><c>/api/settings</c> on the real app and its SQLite file: checked like the start checks them, saved all or nothing, used at once, kept over a restart.</summary>
public sealed class SettingsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bad_value_answers_400_naming_its_field_and_nothing_changes()
    {
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var before = await GetAsync(api);

        // One good and one bad value: the good one is not saved either.
        var refused = await PutAsync(api, new JsonObject { ["resyncSeconds"] = 10, ["routerLeaseSeconds"] = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        var errors = refused.Body["errors"]!.AsObject();
        Assert.Equal(["routerLeaseSeconds"], errors.Select(e => e.Key));
        Assert.Contains("PortFwd:Router:LeaseSeconds is 5; it must be from 120 to 604800", (string)errors["routerLeaseSeconds"]![0]!, StringComparison.Ordinal);

        var wrong = await PutAsync(api, new JsonObject { ["routerEnabled"] = "yes", ["routerGateway"] = "the router", ["colour"] = "blue" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("routerEnabled must be true or false (or null to reset it).", (string)wrong.Body["errors"]!["routerEnabled"]![0]!);

        var address = await PutAsync(api, new JsonObject { ["routerGateway"] = "the router" });
        Assert.Equal(HttpStatusCode.BadRequest, address.Status);
        Assert.StartsWith("PortFwd:Router:Gateway is 'the router'; it must be the router's IP address", (string)address.Body["errors"]!["routerGateway"]![0]!, StringComparison.Ordinal);

        var unknown = await PutAsync(api, new JsonObject { ["colour"] = "blue" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.StartsWith("There is no setting named colour", (string)unknown.Body["errors"]!["colour"]![0]!, StringComparison.Ordinal);

        var probe = await PutAsync(api, new JsonObject { ["reachabilityProbeUrl"] = "https://probe.example/port" });
        Assert.Equal(HttpStatusCode.BadRequest, probe.Status);
        Assert.Contains("{port}", (string)probe.Body["errors"]!["reachabilityProbeUrl"]![0]!, StringComparison.Ordinal);

        Assert.Equal(before.ToJsonString(), (await GetAsync(api)).ToJsonString());
        Assert.Empty(await SavedRowsAsync(panel.DatabasePath));
        Assert.Equal(30, panel.Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.ResyncSeconds);
    }

    [Fact]
    public async Task A_saved_value_is_in_use_at_once_and_shows_as_saved_on_the_panel()
    {
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var before = await GetAsync(api);
        Assert.Equal(("default", 90), ((string)before["trafficHourRetentionDays"]!["source"]!, (int)before["trafficHourRetentionDays"]!["value"]!));
        Assert.Equal("configuration", (string)before["publicAddressEchoUrls"]!["source"]!);
        Assert.Equal("PortFwd:Traffic:HourRetentionDays", (string)before["trafficHourRetentionDays"]!["key"]!);

        var saved = await PutAsync(api, new JsonObject
        {
            ["trafficHourRetentionDays"] = 30,
            ["publicAddressEchoUrls"] = new JsonArray("http://127.0.0.1:9/ip", "  ", "http://127.0.0.1:9/json"),
        });

        Assert.Equal(HttpStatusCode.OK, saved.Status);
        var after = await GetAsync(api);
        Assert.Equal(saved.Body.ToJsonString(), after.ToJsonString());
        Assert.Equal(("panel", 30, 90), ((string)after["trafficHourRetentionDays"]!["source"]!, (int)after["trafficHourRetentionDays"]!["value"]!,
            (int)after["trafficHourRetentionDays"]!["resetTo"]!));
        Assert.Equal("panel", (string)after["publicAddressEchoUrls"]!["source"]!);
        Assert.Equal(["http://127.0.0.1:9/ip", "http://127.0.0.1:9/json"], after["publicAddressEchoUrls"]!["value"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("default", (string)after["resyncSeconds"]!["source"]!);

        // The services read the new values now, not after a restart.
        Assert.Equal(30, panel.Services.GetRequiredService<IOptionsMonitor<TrafficOptions>>().CurrentValue.HourRetentionDays);
        Assert.Equal(["http://127.0.0.1:9/ip", "http://127.0.0.1:9/json"],
            panel.Services.GetRequiredService<IOptionsMonitor<PublicAddressOptions>>().CurrentValue.ParsedEchoUrls.Select(u => u.ToString()));
        Assert.Equal(3, (await SavedRowsAsync(panel.DatabasePath)).Count);

        // A shorter list replaces the saved one as a whole; an empty one means "never ask" and is a value of its own.
        await PutAsync(api, new JsonObject { ["publicAddressEchoUrls"] = new JsonArray() });
        Assert.Empty(panel.Services.GetRequiredService<IOptionsMonitor<PublicAddressOptions>>().CurrentValue.ParsedEchoUrls);
        Assert.Equal("panel", (string)(await GetAsync(api))["publicAddressEchoUrls"]!["source"]!);
    }

    [Fact]
    public async Task The_default_listen_address_changed_on_the_panel_moves_a_running_rule_without_a_restart()
    {
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var port = LoopbackPorts.Free();
        var id = (int)(await api.CreateRuleAsync(PanelApi.Rule("Moves", port), Ct))["id"]!;
        await UntilListeningAsync(api, id, $"127.0.0.1:{port}");

        var saved = await PutAsync(api, new JsonObject { ["listenAddress"] = "127.0.0.2" });

        Assert.Equal(HttpStatusCode.OK, saved.Status);
        await UntilListeningAsync(api, id, $"127.0.0.2:{port}");
        await LoopbackPorts.WaitUntilAsync(port, accepting: false, Ct);
    }

    [Fact]
    public async Task Saved_values_win_over_the_configuration_after_a_restart_and_a_reset_gives_the_configuration_or_default_back()
    {
        var directory = PanelFactory.NewDataDirectory();
        var configured = new Dictionary<string, string?> { ["PortFwd:Router:ResyncSeconds"] = "90" };
        try
        {
            await using (var first = new PanelFactory(directory, settings: configured))
            {
                using var api = first.BearerClient(await first.RequestTokenAsync(Ct));
                var saved = await PutAsync(api, new JsonObject { ["routerResyncSeconds"] = 120, ["reachabilityMaxRunningChecks"] = 2 });
                Assert.Equal(HttpStatusCode.OK, saved.Status);
            }

            await using var second = new PanelFactory(directory, settings: configured);
            using var again = second.BearerClient(await second.RequestTokenAsync(Ct));
            var kept = await GetAsync(again);
            Assert.Equal(("panel", 120, 90), ((string)kept["routerResyncSeconds"]!["source"]!, (int)kept["routerResyncSeconds"]!["value"]!, (int)kept["routerResyncSeconds"]!["resetTo"]!));
            Assert.Equal(("panel", 2), ((string)kept["reachabilityMaxRunningChecks"]!["source"]!, (int)kept["reachabilityMaxRunningChecks"]!["value"]!));
            Assert.Equal(120, second.Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router.ResyncSeconds);

            var reset = await PutAsync(again, new JsonObject { ["routerResyncSeconds"] = null, ["reachabilityMaxRunningChecks"] = null });

            Assert.Equal(HttpStatusCode.OK, reset.Status);
            Assert.Equal(("configuration", 90), ((string)reset.Body["routerResyncSeconds"]!["source"]!, (int)reset.Body["routerResyncSeconds"]!["value"]!));
            Assert.Equal(("default", 4), ((string)reset.Body["reachabilityMaxRunningChecks"]!["source"]!, (int)reset.Body["reachabilityMaxRunningChecks"]!["value"]!));
            Assert.Equal(90, second.Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router.ResyncSeconds);
            Assert.Empty(await SavedRowsAsync(second.DatabasePath));
        }
        finally
        {
            PanelFactory.DeleteDataDirectory(directory);
        }
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    public async Task Without_signing_in_the_settings_answer_401(string method)
    {
        await using var panel = new PanelFactory();
        using var anonymous = panel.AnonymousClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/settings");
        if (method == "PUT")
        {
            request.Content = PanelApi.Json("{\"routerEnabled\": true}");
        }

        using var response = await anonymous.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await SavedRowsAsync(panel.DatabasePath));
        Assert.False(panel.Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router.Enabled);
    }

    private static async Task<JsonObject> GetAsync(HttpClient api)
    {
        using var response = await api.GetAsync("/api/settings", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync(Ct);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PutAsync(HttpClient api, JsonObject body)
    {
        using var response = await api.PutJsonAsync("/api/settings", body, Ct);
        return (response.StatusCode, await response.ReadObjectAsync(Ct));
    }

    /// <summary>The PanelSettings table's rows, read straight from the file.</summary>
    private static async Task<List<string>> SavedRowsAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Key || '=' || Value FROM PanelSettings ORDER BY Key";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task UntilListeningAsync(HttpClient api, int id, string endpoint)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var response = await api.GetAsync($"/api/rules/{id}/status", Ct);
            var status = await response.ReadObjectAsync(Ct);
            if (status["listening"]!.AsArray().Any(l => ((string?)l)?.Contains(endpoint, StringComparison.Ordinal) == true))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the rule did not listen on {endpoint} in time: {status.ToJsonString()}");
            await Task.Delay(50, Ct);
        }
    }
}
