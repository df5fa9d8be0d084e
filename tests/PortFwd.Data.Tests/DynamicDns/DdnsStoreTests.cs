using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.DynamicDns;
using PortFwd.Data.DynamicDns;

namespace PortFwd.Data.Tests.DynamicDns;

public sealed class DdnsStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DdnsDraft NoIp(string? password = "s3cret-pass") => new()
    {
        Provider = "noip", Hostname = "home.ddns.net", Username = "me@example.net", Password = password,
    };

    /// <summary>Stands in for Data Protection: reversible, and visibly not the plain text.</summary>
    private sealed class ReversedSecrets : IDdnsSecrets
    {
        public string Protect(string secret) => "enc:" + new string(secret.Reverse().ToArray());

        public string? Unprotect(string protectedSecret) => protectedSecret.StartsWith("enc:", StringComparison.Ordinal)
            ? new string(protectedSecret[4..].Reverse().ToArray())
            : null;
    }

    private static DdnsStore Store(TempDatabase db, DdnsChangeSignal? signal = null) =>
        new(db.Factory, new ReversedSecrets(), signal ?? new DdnsChangeSignal(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)));

    [Fact]
    public async Task A_saved_name_keeps_its_password_only_encrypted_and_is_signalled()
    {
        await using var db = await TempDatabase.CreateAsync();
        var signal = new DdnsChangeSignal();
        var changes = new List<DdnsChange>();
        signal.Changed += changes.Add;
        var store = Store(db, signal);

        var saved = await store.CreateAsync(NoIp(), Ct);

        Assert.True(saved.IsSuccess);
        var stored = await store.GetAsync(saved.Name.Id, Ct);
        Assert.Equal("enc:ssap-terc3s", stored!.ProtectedPassword);
        Assert.Null(stored.ProtectedToken);
        Assert.Equal([new DdnsChange(DdnsChangeKind.Created, saved.Name.Id)], changes);
        Assert.DoesNotContain("s3cret-pass", await RawRowAsync(db, saved.Name.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_without_the_password_keeps_the_stored_one_and_a_new_one_replaces_it()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Store(db);
        var id = (await store.CreateAsync(NoIp(), Ct)).Name!.Id;

        var kept = await store.UpdateAsync(id, NoIp(password: null), Ct);
        Assert.True(kept.IsSuccess);
        Assert.Equal("enc:ssap-terc3s", (await store.GetAsync(id, Ct))!.ProtectedPassword);

        var replaced = await store.UpdateAsync(id, NoIp(password: "new"), Ct);
        Assert.True(replaced.IsSuccess);
        Assert.Equal("enc:wen", (await store.GetAsync(id, Ct))!.ProtectedPassword);
    }

    [Fact]
    public async Task Moving_to_a_token_provider_drops_the_password()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Store(db);
        var id = (await store.CreateAsync(NoIp(), Ct)).Name!.Id;

        var moved = await store.UpdateAsync(id, new DdnsDraft { Provider = "duckdns", Hostname = "myname", Token = "tok-1" }, Ct);

        Assert.True(moved.IsSuccess);
        var stored = (await store.GetAsync(id, Ct))!;
        Assert.Null(stored.ProtectedPassword);
        Assert.Null(stored.Username);
        Assert.Equal("enc:1-kot", stored.ProtectedToken);
    }

    [Fact]
    public async Task The_same_host_name_with_the_same_provider_is_refused_on_the_host_name()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Store(db);
        await store.CreateAsync(NoIp(), Ct);

        var again = await store.CreateAsync(NoIp(), Ct);

        Assert.Equal(DdnsSaveOutcome.Invalid, again.Outcome);
        Assert.Equal(["home.ddns.net is already kept up to date with No-IP."], again.FieldErrors[DdnsFields.Hostname]);
    }

    [Fact]
    public async Task Only_the_last_fifty_updates_of_a_name_are_kept_and_they_go_with_the_name()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Store(db);
        var id = (await store.CreateAsync(NoIp(), Ct)).Name!.Id;
        var start = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

        for (var i = 0; i < DdnsStore.HistoryLength + 5; i++)
        {
            var status = i == DdnsStore.HistoryLength + 4 ? DdnsStatus.Retrying : DdnsStatus.Good;
            await store.RecordAsync(new DdnsUpdate { NameId = id, Time = start.AddMinutes(i), Address = $"203.0.113.{i}", Status = status, Message = "m" }, Ct);
        }

        var history = await store.HistoryAsync(id, Ct);
        Assert.Equal(DdnsStore.HistoryLength, history.Count);
        Assert.Equal("203.0.113.54", history[0].Address);
        Assert.Equal("203.0.113.5", history[^1].Address);
        Assert.Equal(DdnsStatus.Retrying, (await store.LastUpdatesAsync(Ct))[id].Status);
        Assert.Equal("203.0.113.53", (await store.LastAcceptedAsync(Ct))[id].Address);

        Assert.True(await store.DeleteAsync(id, Ct));
        Assert.Empty(await store.HistoryAsync(id, Ct));
    }

    private static async Task<string> RawRowAsync(TempDatabase db, int id)
    {
        await using var connection = new SqliteConnection($"Data Source={db.FilePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM DdnsNames WHERE Id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
    }
}
