using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.Blocklist;
using PortFwd.Core.Rules;
using PortFwd.Data.Audit;
using PortFwd.Data.Blocklist;
using PortFwd.Data.Certificates;
using PortFwd.Data.Rules;

namespace PortFwd.Data.Tests.Audit;

/// <summary>An audit entry and its change are one transaction: when the entry cannot be written, the change is not kept either.</summary>
public sealed class AuditTransactionTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RuleDraft Draft(string name, int port) => new() { Name = name, Protocol = "tcp", ExternalPort = port, InternalHost = "192.168.1.20", InternalPort = 80 };

    /// <summary>From now on the database refuses every audit entry, as a full disk would refuse the second write of a save.</summary>
    private static Task RefuseAuditEntriesAsync(TempDatabase db) =>
        db.ScalarAsync("CREATE TRIGGER refuse_audit BEFORE INSERT ON AuditLog BEGIN SELECT RAISE(ABORT, 'no audit entry'); END;");

    [Fact]
    public async Task A_rule_whose_entry_cannot_be_written_is_neither_created_nor_deleted()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), new NoSignal(), new FakeTimeProvider(Start));
        var kept = await store.CreateAsync(Draft("Kept", 8081), RuleValidationContext.Empty, Ct);
        Assert.True(kept.IsSuccess);
        var keptRule = kept.Value!;
        await RefuseAuditEntriesAsync(db);

        await Assert.ThrowsAsync<DbUpdateException>(() => store.CreateAsync(Draft("Unrecorded", 8082), RuleValidationContext.Empty, Ct));
        await Assert.ThrowsAsync<DbUpdateException>(() => store.DeleteAsync(keptRule.Id, Ct));

        Assert.Equal(["Kept"], (await store.GetAllAsync(Ct)).Select(r => r.Name));
        Assert.Equal(1L, await db.ScalarAsync("SELECT COUNT(*) FROM AuditLog"));
    }

    [Fact]
    public async Task A_blocklist_entry_whose_audit_entry_cannot_be_written_is_not_added()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new BlocklistStore(db.Factory, new FakeTimeProvider(Start));
        await RefuseAuditEntriesAsync(db);

        await Assert.ThrowsAsync<DbUpdateException>(() => store.AddAsync(new BlocklistDraft { Address = "203.0.113.9" }, Ct));

        Assert.Empty(await store.GetAllAsync(Ct));
    }

    [Fact]
    public async Task A_stores_entry_is_by_the_actor_of_the_current_flow_and_by_the_system_outside_one()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), new NoSignal(), new FakeTimeProvider(Start));
        using (AuditTrail.Use(new AuditActor("alice", "192.168.1.5", AuditVia.Panel)))
        {
            await store.CreateAsync(Draft("By alice", 8081), RuleValidationContext.Empty, Ct);
        }

        await store.CreateAsync(Draft("By the panel", 8082), RuleValidationContext.Empty, Ct);

        var entries = await new AuditStore(db.Factory).ReadAsync(new AuditQuery(Action: "rule"), Ct);
        Assert.Equal([("system", null, "rule 2 \"By the panel\""), ("alice", "192.168.1.5", "rule 1 \"By alice\"")],
            entries.Select(e => (e.Actor, e.ClientAddress, e.Target)));
        Assert.All(entries, e => Assert.Equal(Start, e.At));
    }

    private sealed class NoSignal : IRuleChangeSignal
    {
        public event Action<RuleChange>? Changed;

        public void Notify(RuleChange change) => Changed?.Invoke(change);
    }
}
