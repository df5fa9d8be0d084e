using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Data.Audit;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Audit;

/// <summary><c>GET /api/audit</c>'s filters, order and limits, over entries written at known times into the real SQLite file.</summary>
public sealed class AuditQueryTests(SharedAuditPanel panel) : IClassFixture<SharedAuditPanel>, IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var log = panel.Factory.Services.GetRequiredService<AuditStore>();
        if ((await log.ReadAsync(new AuditQuery(Action: "test"), Ct)).Count > 0)
        {
            return;
        }

        // Written out of time order on purpose: the answer is ordered by time, not by id.
        await log.AddAsync(Entry(Noon.AddHours(2), "alice", "test.rule.update"), Ct);
        await log.AddAsync(Entry(Noon, "alice", "test.rule.create"), Ct);
        await log.AddAsync(Entry(Noon.AddHours(1), "bob", "test.ddns.create"), Ct);
        await log.AddAsync(Entry(Noon.AddDays(1), "Bob", "testing.other"), Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static AuditEntry Entry(DateTimeOffset at, string actor, string action) =>
        new() { At = at, Actor = actor, Via = AuditVia.Panel, ClientAddress = "192.0.2.1", Action = action, Target = $"{action} by {actor}" };

    private async Task<List<string?>> ActionsAsync(string query) => [.. (await panel.Api.AuditAsync(query)).Select(e => (string?)e!["action"])];

    [Fact]
    public async Task Entries_come_newest_first_and_an_action_filter_matches_whole_parts_of_the_name()
    {
        Assert.Equal(["test.rule.update", "test.ddns.create", "test.rule.create"], await ActionsAsync("action=test"));
        Assert.Equal(["test.rule.update", "test.rule.create"], await ActionsAsync("action=test.rule"));
        Assert.Equal(["test.rule.create"], await ActionsAsync("action=test.rule.create"));
        Assert.Equal(["testing.other"], await ActionsAsync("action=testing"));
    }

    [Fact]
    public async Task A_time_range_includes_its_start_and_excludes_its_end_and_the_actor_filter_ignores_case()
    {
        Assert.Equal(["test.ddns.create", "test.rule.create"], await ActionsAsync("action=test&from=2026-11-20T12:00:00Z&to=2026-11-20T14:00:00Z"));
        Assert.Equal(["test.rule.update", "test.ddns.create"], await ActionsAsync("action=test&from=2026-11-20T14:00:00%2B01:00"));
        Assert.Equal(["testing.other", "test.ddns.create"], await ActionsAsync("actor=BOB"));
        Assert.Equal(["test.rule.update"], await ActionsAsync("actor=alice&limit=1"));
    }

    [Fact]
    public async Task Limit_and_before_read_the_log_a_page_at_a_time()
    {
        var first = await panel.Api.AuditAsync("action=test&limit=2");
        var next = await panel.Api.AuditAsync($"action=test&limit=2&before={first[^1]!["id"]}");

        Assert.Equal(["test.rule.update", "test.ddns.create"], first.Select(e => (string?)e!["action"]));
        Assert.Equal(["test.rule.create"], next.Select(e => (string?)e!["action"]));
        Assert.Equal("2026-11-20T12:00:00+00:00", (string?)next[0]!["at"]);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-11-21&to=2026-11-20", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("action=Rule%20create", "action")]
    [InlineData("before=-3", "before")]
    public async Task A_bad_query_value_answers_400_naming_the_field(string query, string field)
    {
        using var response = await panel.Api.GetAsync($"/api/audit?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task The_audit_log_needs_a_signed_in_user()
    {
        using var anonymous = panel.Factory.AnonymousClient();

        using var response = await anonymous.GetAsync("/api/audit", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
