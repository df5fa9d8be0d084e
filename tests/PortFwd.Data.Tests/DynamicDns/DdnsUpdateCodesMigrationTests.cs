using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.DynamicDns;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.DynamicDns;

namespace PortFwd.Data.Tests.DynamicDns;

/// <summary>Update history written before results had codes survives the upgrade and still reads as the English it was.</summary>
public sealed class DdnsUpdateCodesMigrationTests
{
    private const string OldEnglish = "badauth: No-IP refused the user name or password; type them again to resume.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Updates_from_before_keep_their_English_with_an_empty_code_and_new_ones_keep_their_code()
    {
        // The schema as the release before had it, with a name and one update in its history.
        await using var db = await TempDatabase.AtMigrationAsync("20261202072620_ScopedTokens",
            "INSERT INTO DdnsNames (Id, Provider, HostName, Enabled, Ipv4, Ipv6, CreatedAt, UpdatedAt) "
            + "VALUES (4, 'noip', 'home.ddns.net', 1, 1, 0, '2026-11-01 00:00:00+00:00', '2026-11-01 00:00:00+00:00');"
            + "INSERT INTO DdnsUpdates (Id, NameId, Time, Address, Status, Message) "
            + $"VALUES (9, 4, '2026-11-02 00:00:00+00:00', '203.0.113.7', 'stopped', '{OldEnglish}');");

        var factory = await db.ReopenAsync();
        await using (var upgraded = await factory.CreateDbContextAsync(Ct))
        {
            var row = await upgraded.DdnsUpdates.AsNoTracking().SingleAsync(Ct);

            Assert.Equal((9L, 4, "203.0.113.7", DdnsStatus.Stopped), (row.Id, row.NameId, row.Address, row.Status));
            Assert.Equal(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), row.Time);
            Assert.Equal(OldEnglish, row.Message);
            Assert.Equal("", row.MessageCode);
            Assert.Null(row.MessageArguments);
            Assert.Equal(ValidationMessage.Plain(OldEnglish), row.Said);
        }

        // The upgraded table takes a coded result beside the old one.
        var store = new DdnsStore(factory, new KeptSecrets(), new DdnsChangeSignal(), new FakeTimeProvider());
        var said = new ValidationMessage("Ddns.Update.BadAuth", OldEnglish, ["badauth", "No-IP"]);
        await store.RecordAsync(new DdnsUpdate { NameId = 4, Time = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), Status = DdnsStatus.Stopped, Said = said }, Ct);

        var history = await store.HistoryAsync(4, Ct);
        Assert.Equal([said, ValidationMessage.Plain(OldEnglish)], history.Select(u => u.Said));
        Assert.Equal("[\"badauth\",\"No-IP\"]", history[0].MessageArguments);
        Assert.Equal([OldEnglish, OldEnglish], history.Select(u => u.Message));
    }

    /// <summary>No secret is read or written here.</summary>
    private sealed class KeptSecrets : IDdnsSecrets
    {
        public string Protect(string secret) => secret;

        public string? Unprotect(string protectedSecret) => protectedSecret;
    }
}
