using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.Rules;
using PortFwd.Data.Certificates;
using PortFwd.Data.Rules;
using PortFwd.Testing.Storage;

namespace PortFwd.Data.Tests.Rules;

public sealed class RuleStoreTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RuleDraft Draft(string name = "Web", string protocol = "tcp", int port = 8081, bool enabled = true) => new()
    {
        Name = name,
        Protocol = protocol,
        ExternalPort = port,
        InternalHost = "192.168.1.20",
        InternalPort = 80,
        Enabled = enabled,
        AllowedSources = ["203.0.113.0/24"],
    };

    private sealed class RecordingSignal : IRuleChangeSignal
    {
        public List<RuleChange> Changes { get; } = [];

        public event Action<RuleChange>? Changed;

        public void Notify(RuleChange change)
        {
            Changes.Add(change);
            Changed?.Invoke(change);
        }
    }

    [Fact]
    public async Task The_database_is_created_by_migrations_in_wal_mode()
    {
        await using var db = await TempDatabase.CreateAsync();

        Assert.True(File.Exists(db.FilePath));
        Assert.Equal("wal", await db.ScalarAsync("PRAGMA journal_mode;"));
        await using var context = await db.Factory.CreateDbContextAsync(Ct);
        Assert.Empty(await context.Database.GetPendingMigrationsAsync(Ct));
        Assert.Contains("20261123103709_Initial", await context.Database.GetAppliedMigrationsAsync(Ct));
    }

    [Fact]
    public async Task A_created_rule_is_stored_with_timestamps_and_signalled()
    {
        await using var db = await TempDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var signal = new RecordingSignal();
        var store = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), signal, clock);

        var result = await store.CreateAsync(Draft(), RuleValidationContext.Empty, Ct);

        Assert.True(result.IsSuccess);
        var stored = await store.GetAsync(result.Value.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal("Web", stored.Name);
        Assert.Equal(Protocol.Tcp, stored.Protocol);
        Assert.Equal(["203.0.113.0/24"], stored.AllowedSources);
        Assert.Equal(clock.GetUtcNow(), stored.CreatedAt);
        Assert.Equal(clock.GetUtcNow(), stored.UpdatedAt);
        Assert.Equal("tcp", await db.ScalarAsync("SELECT Protocol FROM Rules"));
        Assert.Equal([new RuleChange(RuleChangeKind.Created, stored.Id)], signal.Changes);
    }

    [Fact]
    public async Task Updating_moves_updated_at_and_keeps_created_at()
    {
        await using var db = await TempDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var store = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), new RecordingSignal(), clock);
        var created = (await store.CreateAsync(Draft(), RuleValidationContext.Empty, Ct)).Value!;

        clock.Advance(TimeSpan.FromMinutes(5));
        var updated = await store.UpdateAsync(created.Id, Draft(name: "Web 2"), RuleValidationContext.Empty, Ct);

        Assert.True(updated.IsSuccess);
        var stored = await store.GetAsync(created.Id, Ct);
        Assert.Equal("Web 2", stored!.Name);
        Assert.Equal(created.CreatedAt, stored.CreatedAt);
        Assert.Equal(clock.GetUtcNow(), stored.UpdatedAt);
    }

    [Fact]
    public async Task Invalid_input_and_conflicts_write_nothing()
    {
        await using var db = await TempDatabase.CreateAsync();
        var signal = new RecordingSignal();
        var store = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), signal, TimeProvider.System);
        await store.CreateAsync(Draft(port: 9000), RuleValidationContext.Empty, Ct);
        signal.Changes.Clear();

        var invalid = await store.CreateAsync(Draft(name: ""), RuleValidationContext.Empty, Ct);
        var conflict = await store.CreateAsync(Draft(name: "Other", port: 9000), RuleValidationContext.Empty, Ct);

        Assert.Equal(RuleSaveErrorKind.Invalid, invalid.Error?.Kind);
        Assert.Contains(RuleFields.Name, invalid.Error!.FieldErrors.Keys);
        Assert.Equal(RuleSaveErrorKind.Conflict, conflict.Error?.Kind);
        Assert.Contains("Web", conflict.Error!.FieldErrors[RuleFields.ExternalPort][0], StringComparison.Ordinal);
        Assert.Equal(1L, await db.ScalarAsync("SELECT COUNT(*) FROM Rules"));
        Assert.Empty(signal.Changes);
    }

    [Fact]
    public async Task Turning_a_rule_on_checks_conflicts_again()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), new RecordingSignal(), TimeProvider.System);
        await store.CreateAsync(Draft(name: "On", port: 7000), RuleValidationContext.Empty, Ct);
        var off = (await store.CreateAsync(Draft(name: "Off", port: 7000, enabled: false), RuleValidationContext.Empty, Ct)).Value!;

        var result = await store.SetEnabledAsync(off.Id, true, RuleValidationContext.Empty, Ct);

        Assert.Equal(RuleSaveErrorKind.Conflict, result.Error?.Kind);
        Assert.False((await store.GetAsync(off.Id, Ct))!.Enabled);
    }

    [Fact]
    public async Task A_rule_switched_off_while_an_edit_of_it_is_saved_keeps_the_edit()
    {
        await using var db = await TempDatabase.CreateAsync();
        var hold = new HeldWrite();
        var factory = db.FactoryWith(new HeldSave(hold, c => c.ChangeTracker.Entries<ForwardingRule>().Any(e => e.State == EntityState.Modified)));
        var certificates = new CertificateStore(factory, TimeProvider.System);
        var store = new RuleStore(factory, certificates, new RecordingSignal(), TimeProvider.System);
        var rule = (await store.CreateAsync(Draft(name: "Web", port: 8081), RuleValidationContext.Empty, Ct)).Value!;

        // The edit has passed its checks and is about to be written when the switch is flipped.
        var edit = store.UpdateAsync(rule.Id, Draft(name: "Web edited", port: 8082), RuleValidationContext.Empty, Ct);
        await hold.Reached.WaitAsync(Within, Ct);
        var toggle = store.SetEnabledAsync(rule.Id, false, RuleValidationContext.Empty, Ct);
        await hold.ReleaseWhenAsync(() => toggle.IsCompleted || certificates.Writes.Waiting > 0, Within, Ct);

        Assert.True((await edit.WaitAsync(Within, Ct)).IsSuccess);
        Assert.True((await toggle.WaitAsync(Within, Ct)).IsSuccess);
        var stored = (await store.GetAsync(rule.Id, Ct))!;
        Assert.Equal("Web edited", stored.Name);
        Assert.Equal(8082, stored.ExternalPort);
        Assert.False(stored.Enabled);
    }

    [Fact]
    public async Task Deleting_removes_the_rule_and_unknown_ids_report_not_found()
    {
        await using var db = await TempDatabase.CreateAsync();
        var signal = new RecordingSignal();
        var store = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), signal, TimeProvider.System);
        var rule = (await store.CreateAsync(Draft(), RuleValidationContext.Empty, Ct)).Value!;

        Assert.True(await store.DeleteAsync(rule.Id, Ct));
        Assert.False(await store.DeleteAsync(rule.Id, Ct));
        Assert.Null(await store.GetAsync(rule.Id, Ct));
        Assert.Equal(RuleSaveErrorKind.NotFound, (await store.UpdateAsync(rule.Id, Draft(), RuleValidationContext.Empty, Ct)).Error?.Kind);
        Assert.Equal(new RuleChange(RuleChangeKind.Deleted, rule.Id), signal.Changes[^1]);
    }

    [Fact]
    public async Task Rules_survive_reopening_the_file_as_after_a_restart()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), new RecordingSignal(), TimeProvider.System);
        await store.CreateAsync(Draft(name: "Kept", protocol: "udp", port: 51820), RuleValidationContext.Empty, Ct);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var reopened = await db.ReopenAsync();
        var rules = await new RuleStore(reopened, new CertificateStore(reopened, TimeProvider.System), new RecordingSignal(), TimeProvider.System).GetAllAsync(Ct);

        var rule = Assert.Single(rules);
        Assert.Equal("Kept", rule.Name);
        Assert.Equal(Protocol.Udp, rule.Protocol);
        Assert.Equal(51820, rule.ExternalPort);
    }
}
