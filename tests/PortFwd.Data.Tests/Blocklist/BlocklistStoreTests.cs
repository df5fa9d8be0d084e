using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.Blocklist;
using PortFwd.Data.Blocklist;

namespace PortFwd.Data.Tests.Blocklist;

public sealed class BlocklistStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_added_entry_is_stored_normalized_with_its_note_expiry_and_time_and_survives_a_reopen()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new BlocklistStore(db.Factory, new FakeTimeProvider(Start));

        var added = await store.AddAsync(new BlocklistDraft { Address = "2001:DB8::/32", Note = "scanner", ExpiresAt = Start.AddHours(2) }, Ct);

        Assert.True(added.IsSuccess);
        var reopened = new BlocklistStore(await db.ReopenAsync(), new FakeTimeProvider(Start));
        var entry = Assert.Single(await reopened.GetAllAsync(Ct));
        Assert.Equal(("2001:db8::/32", "scanner", Start.AddHours(2), Start), (entry.Network, entry.Note, entry.ExpiresAt, entry.CreatedAt));
        Assert.Equal(added.Entry.Id, entry.Id);
        Assert.Equal("2001:db8::/32", await db.ScalarAsync("SELECT Network FROM Blocklist"));
    }

    [Fact]
    public async Task The_same_network_twice_is_a_duplicate_however_it_is_written()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new BlocklistStore(db.Factory, new FakeTimeProvider(Start));
        Assert.True((await store.AddAsync(new BlocklistDraft { Address = "203.0.113.7" }, Ct)).IsSuccess);

        var again = await store.AddAsync(new BlocklistDraft { Address = "203.0.113.7/32" }, Ct);

        Assert.Equal(BlocklistAddOutcome.Duplicate, again.Outcome);
        Assert.Equal(["203.0.113.7 is already on the blocklist."], again.FieldErrors[BlocklistFields.Address]);
        Assert.Single(await store.GetAllAsync(Ct));
    }

    [Fact]
    public async Task An_invalid_entry_changes_nothing()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new BlocklistStore(db.Factory, new FakeTimeProvider(Start));

        var refused = await store.AddAsync(new BlocklistDraft { Address = "10.0.0.7/24" }, Ct);

        Assert.Equal(BlocklistAddOutcome.Invalid, refused.Outcome);
        Assert.Contains(BlocklistFields.Address, refused.FieldErrors.Keys);
        Assert.Empty(await store.GetAllAsync(Ct));
    }

    [Fact]
    public async Task Expired_entries_are_deleted_and_returned_and_the_others_kept()
    {
        await using var db = await TempDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Start);
        var store = new BlocklistStore(db.Factory, clock);
        await store.AddAsync(new BlocklistDraft { Address = "203.0.113.1", ExpiresAt = Start.AddMinutes(5) }, Ct);
        await store.AddAsync(new BlocklistDraft { Address = "203.0.113.2", ExpiresAt = Start.AddMinutes(50) }, Ct);
        await store.AddAsync(new BlocklistDraft { Address = "203.0.113.3" }, Ct);

        var expired = await store.DeleteExpiredAsync(Start.AddMinutes(5), Ct);

        Assert.Equal("203.0.113.1", Assert.Single(expired).Network);
        Assert.Equal(["203.0.113.2", "203.0.113.3"], (await store.GetAllAsync(Ct)).Select(e => e.Network));
    }

    [Fact]
    public async Task Delete_removes_one_entry_and_says_whether_it_was_there()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new BlocklistStore(db.Factory, new FakeTimeProvider(Start));
        var added = await store.AddAsync(new BlocklistDraft { Address = "203.0.113.1" }, Ct);

        Assert.True(await store.DeleteAsync(added.Entry!.Id, Ct));
        Assert.False(await store.DeleteAsync(added.Entry.Id, Ct));
        Assert.Empty(await store.GetAllAsync(Ct));
    }
}
