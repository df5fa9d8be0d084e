using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Forwarding;

/// <summary>
/// A rule with a schedule on the real panel with a fake clock: its port opens when the window opens and closes when it
/// closes, woken by the schedule's own timer (the periodic resync is an hour away), and its status says until when it is off.
/// </summary>
public sealed class ScheduledRuleTests
{
    // Friday 4 December 2026, ten seconds before the window opens; the panel's zone is UTC here.
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 17, 59, 50, TimeSpan.Zero);
    private static readonly DateTimeOffset Opens = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Closes = new(2026, 12, 4, 18, 1, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_port_opens_when_the_window_opens_and_closes_when_it_closes()
    {
        var clock = new FakeTimeProvider(Start);
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        await using var factory = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:ResyncSeconds"] = "3600" }) { Clock = clock };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var reconciler = factory.Services.GetRequiredService<RuleReconciler>();
        var port = LoopbackPorts.Free();
        var body = PanelApi.Rule("Evening game", port);
        body["internalHost"] = "127.0.0.1";
        body["internalPort"] = LoopbackPorts.Free();
        body["schedule"] = new JsonObject { ["days"] = new JsonArray("fri"), ["from"] = "18:00", ["to"] = "18:01" };
        var id = (int)(await api.CreateRuleAsync(body, Ct))["id"]!;

        var before = await StatusAsync(api, id, "scheduled");
        Assert.Equal("Off by schedule until 18:00", (string?)before["message"]);
        Assert.Empty(before["listening"]!.AsArray());
        Assert.False(await LoopbackPorts.AcceptsAsync(port, Ct));
        await UntilAsync(() => reconciler.NextScheduleChange == Opens, "the reconciler to wake at 18:00");

        clock.Advance(Opens - Start);
        await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);
        var open = await StatusAsync(api, id, "active");
        Assert.Contains(open["listening"]!.AsArray(), l => ((string)l!).EndsWith($":{port}", StringComparison.Ordinal));
        await UntilAsync(() => reconciler.NextScheduleChange == Closes, "the reconciler to wake at 18:01");

        clock.Advance(Closes - Opens);
        await LoopbackPorts.WaitUntilAsync(port, accepting: false, Ct);
        var after = await StatusAsync(api, id, "scheduled");
        Assert.Equal("Off by schedule until next Fri 18:00", (string?)after["message"]);
        Assert.Equal(Opens.AddDays(7), reconciler.NextScheduleChange);
    }

    [Fact]
    public async Task A_disabled_rule_with_a_schedule_reads_disabled_and_arms_no_wake()
    {
        var clock = new FakeTimeProvider(Start);
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        await using var factory = new PanelFactory { Clock = clock };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var body = PanelApi.Rule("Off", LoopbackPorts.Free(), enabled: false);
        body["schedule"] = new JsonObject { ["days"] = new JsonArray("fri"), ["from"] = "17:00", ["to"] = "19:00" };
        var id = (int)(await api.CreateRuleAsync(body, Ct))["id"]!;

        var status = await StatusAsync(api, id, "disabled");

        Assert.Equal("The rule is turned off.", (string?)status["message"]);
        Assert.Null(factory.Services.GetRequiredService<RuleReconciler>().NextScheduleChange);
    }

    /// <summary>The rule's status once it reads <paramref name="state"/> (up to 10 s).</summary>
    private static async Task<JsonObject> StatusAsync(HttpClient api, int id, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await api.GetAsync($"/api/rules/{id}/status", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var status = await response.ReadObjectAsync(Ct);
            if ((string?)status["state"] == state)
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"rule {id} still reads {status.ToJsonString()}, not {state}");
            await Task.Delay(50, Ct);
        }
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(20, Ct);
        }
    }
}
