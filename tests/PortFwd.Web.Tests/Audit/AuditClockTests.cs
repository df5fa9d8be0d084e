using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Data.Audit;
using PortFwd.Web.Audit;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Audit;

/// <summary>The audit log on the panel's clock: entries the system makes when time runs out, and pruning past the retention.</summary>
public sealed class AuditClockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_expired_blocklist_entry_is_removed_and_recorded_by_the_system_not_by_whoever_added_it()
    {
        // The log keeps milliseconds: a clock on a whole millisecond reads back exactly.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var factory = new PanelFactory { Clock = clock, TestServices = AuditPanel.AddClientAddresses };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        using (var add = await api.PostJsonAsync("/api/blocklist",
            new JsonObject { ["address"] = "203.0.113.5", ["expiresAt"] = clock.GetUtcNow().AddMinutes(10).ToString("O") }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(10));

        JsonArray expired = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline && expired.Count == 0; await Task.Delay(25, Ct))
        {
            expired = await api.AuditAsync("action=blocklist.expire");
        }

        var entry = Assert.Single(expired)!;
        Assert.Equal(("system", "system", null, "blocklist.expire"), (AuditPanel.Summary(entry).Actor, AuditPanel.Summary(entry).Via, AuditPanel.Summary(entry).Address, AuditPanel.Summary(entry).Action));
        Assert.Equal("203.0.113.5", (string?)entry["before"]!["address"]);
        Assert.Equal(clock.GetUtcNow(), entry["at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(("admin", "192.0.2.10"), ((string?)(await api.NewestAsync("blocklist.add"))["actor"], (string?)(await api.NewestAsync("blocklist.add"))["clientAddress"]));
    }

    [Fact]
    public async Task Pruning_deletes_only_the_entries_older_than_the_retention_on_the_panels_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await using var factory = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:Audit:RetentionDays"] = "30" }) { Clock = clock };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var log = factory.Services.GetRequiredService<AuditStore>();
        var now = clock.GetUtcNow();
        foreach (var (age, name) in new[] { (TimeSpan.FromDays(31), "old"), (TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1), "just old"), (TimeSpan.FromDays(29), "recent") })
        {
            await log.AddAsync(new AuditEntry { At = now - age, Actor = "alice", Action = "rule.update", Target = name }, Ct);
        }

        var removed = await factory.Services.GetRequiredService<AuditRetention>().PruneAsync(Ct);

        Assert.Equal(2, removed);
        var left = (await api.AuditAsync("actor=alice")).Select(e => (string?)e!["target"]);
        Assert.Equal(["recent"], left);
        Assert.NotEmpty(await api.AuditAsync("action=signin.success"));
    }
}
