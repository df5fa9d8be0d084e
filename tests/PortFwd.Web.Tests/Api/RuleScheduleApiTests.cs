using System.Net;
using System.Text.Json.Nodes;

namespace PortFwd.Web.Tests.Api;

/// <summary>A rule's <c>schedule</c> through the API: saved in the SQLite file and given back as sent, and refused field by field.</summary>
public sealed class RuleScheduleApiTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    private static JsonObject Schedule(JsonArray days, JsonNode? from, JsonNode? to) => new() { ["days"] = days, ["from"] = from, ["to"] = to };

    [Fact]
    public async Task A_schedule_is_saved_read_back_and_removed_with_null()
    {
        var port = LoopbackPorts.Free();
        var body = PanelApi.Rule("Evenings", port);
        body["schedule"] = Schedule(new JsonArray("FRI", "mon", "monday"), "22:00", "02:30");

        var created = await Api.CreateRuleAsync(body, Ct);

        var expected = Schedule(new JsonArray("mon", "fri"), "22:00", "02:30").ToJsonString();
        Assert.Equal(expected, created["schedule"]!.ToJsonString());
        using (var read = await Api.GetAsync($"/api/rules/{created["id"]}", Ct))
        {
            Assert.Equal(expected, (await read.ReadObjectAsync(Ct))["schedule"]!.ToJsonString());
        }

        // In the database: Monday (1) and Friday (16), the times as SQLite text.
        var row = (await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct)).Single(r => r.Contains("\"Evenings\"", StringComparison.Ordinal));
        Assert.Contains("\"17\"", row, StringComparison.Ordinal);
        Assert.Contains("\"22:00:00\"", row, StringComparison.Ordinal);
        Assert.Contains("\"02:30:00\"", row, StringComparison.Ordinal);

        body["schedule"] = null;
        using var cleared = await Api.PutJsonAsync($"/api/rules/{created["id"]}", body, Ct);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var updated = await cleared.ReadObjectAsync(Ct);
        Assert.True(updated.ContainsKey("schedule"));
        Assert.Null(updated["schedule"]);
    }

    [Fact]
    public async Task A_rule_without_a_schedule_answers_null()
    {
        var created = await Api.CreateRuleAsync(PanelApi.Rule("Always", LoopbackPorts.Free()), Ct);

        Assert.True(created.ContainsKey("schedule"));
        Assert.Null(created["schedule"]);
    }

    public static TheoryData<string, string, string[]> BadSchedules() => new()
    {
        { "no days", Schedule([], "18:00", "23:00").ToJsonString(), ["schedule.days"] },
        { "an unknown day", Schedule(["mon", "someday"], "18:00", "23:00").ToJsonString(), ["schedule.days"] },
        { "a start past 23:59", Schedule(["mon"], "24:00", "23:00").ToJsonString(), ["schedule.from"] },
        { "a start without minutes", Schedule(["mon"], "18", "23:00").ToJsonString(), ["schedule.from"] },
        { "no end", Schedule(["mon"], "18:00", null).ToJsonString(), ["schedule.to"] },
        { "an end equal to the start", Schedule(["mon"], "18:00", "18:00").ToJsonString(), ["schedule.to"] },
        { "everything wrong", Schedule([], "", "7pm").ToJsonString(), ["schedule.days", "schedule.from", "schedule.to"] },
        { "a schedule as text", "\"evenings\"", ["schedule"] },
        { "days as text", "{\"days\": \"mon\", \"from\": \"18:00\", \"to\": \"23:00\"}", ["schedule"] },
        { "a time as a number", "{\"days\": [\"mon\"], \"from\": 1800, \"to\": \"23:00\"}", ["schedule"] },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public async Task A_bad_schedule_answers_400_naming_its_part_and_saves_nothing(string what, string schedule, string[] fields)
    {
        var body = PanelApi.Rule("Bad schedule", LoopbackPorts.Free());
        body["schedule"] = JsonNode.Parse(schedule);
        var before = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);

        using var response = await Api.PostJsonAsync("/api/rules", body, Ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        var errors = (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
        Assert.Equal(fields, errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace((string?)e.Value![0])));
        Assert.Equal(before, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
    }
}
