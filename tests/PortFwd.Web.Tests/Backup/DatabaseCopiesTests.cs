using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Testing;
using PortFwd.Web.Backup;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Backup;

/// <summary>The nightly copies of the database, on the real app with a fake clock: one a night at 03:00, the last N kept, each a database of its own.</summary>
public sealed class DatabaseCopiesTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Returns once <paramref name="done"/> holds, looked at after each of the copier's notices.</summary>
    private static async Task WaitForAsync(DatabaseCopies copies, Func<bool> done)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = copies.Updates.Subscribe(() =>
        {
            if (done())
            {
                reached.TrySetResult();
            }

            return Task.CompletedTask;
        });
        if (!done())
        {
            await reached.Task.WaitAsync(Guard, Ct);
        }
    }

    [Fact]
    public async Task Each_night_a_copy_appears_and_only_the_last_ones_are_kept()
    {
        // 01:00 UTC (the fake clock's zone): the first copy is due at 03:00 the same day.
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(1), TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using var panel = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:Backups:Keep"] = "2" }) { Clock = clock };
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        await api.CreateRuleAsync(PanelApi.Rule("Copied", LoopbackPorts.Free()), Ct);
        var copies = panel.Services.GetRequiredService<DatabaseCopies>();
        await WaitForAsync(copies, () => copies.NextCopyAt is not null);
        Assert.Equal(start.AddHours(2), copies.NextCopyAt);
        Assert.Empty(copies.Copies());

        var made = new List<string>();
        for (var night = 1; night <= 3; night++)
        {
            var due = copies.NextCopyAt!.Value;
            clock.SetUtcNow(due);
            await WaitForAsync(copies, () => copies.NextCopyAt > due && copies.Copies().Any(c => c.EndsWith($"portfwd-{due:yyyyMMdd}T030000Z.db", StringComparison.Ordinal)));
            made.Add(copies.Copies()[^1]);
            Assert.Equal(due.AddDays(1), copies.NextCopyAt);
        }

        Assert.Equal(made[1..], copies.Copies());
        Assert.Equal(Path.Combine(panel.DataDirectory, "backups"), Path.GetDirectoryName(made[^1]));

        // A copy is a database of its own: the rule is in it, read without the panel's WAL.
        var connection = new SqliteConnectionStringBuilder { DataSource = made[^1], Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var copy = new SqliteConnection(connection);
        await copy.OpenAsync(Ct);
        await using var read = copy.CreateCommand();
        read.CommandText = "SELECT Name FROM Rules";
        Assert.Equal("Copied", (string?)await read.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task With_copies_off_no_copy_is_made()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(1), TimeSpan.Zero));
        await using var panel = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:Backups:Enabled"] = "false" }) { Clock = clock };
        var copies = panel.Services.GetRequiredService<DatabaseCopies>();
        await WaitForAsync(copies, () => copies.NextCopyAt is not null);
        var due = copies.NextCopyAt!.Value;
        clock.SetUtcNow(due);
        await WaitForAsync(copies, () => copies.NextCopyAt > due);
        Assert.Empty(copies.Copies());
    }

    [Theory]
    [InlineData("2026-12-02T01:00:00Z", "2026-12-02T03:00:00Z")]
    [InlineData("2026-12-02T03:00:00Z", "2026-12-03T03:00:00Z")]
    [InlineData("2026-12-02T23:59:00Z", "2026-12-03T03:00:00Z")]
    public void The_copy_is_due_at_the_next_three_oclock(string now, string next) =>
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture),
            DatabaseCopies.NextAfter(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc));

    [Fact]
    public void A_three_oclock_the_clocks_skip_counts_an_hour_later()
    {
        // Some zones move the clocks forward at 02:00 or 03:00; where 03:00 does not exist, the copy is at 04:00 new time.
        var zone = TimeZoneInfo.CreateCustomTimeZone("skip", TimeSpan.Zero, "skip", "skip", "skip-summer",
        [
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 3, 0, 0), 3, 29),
                TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 4, 0, 0), 10, 25)),
        ]);
        var next = DatabaseCopies.NextAfter(new DateTimeOffset(2027, 3, 28, 12, 0, 0, TimeSpan.Zero), zone);
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 4, 0, 0, TimeSpan.FromHours(1)), next);
    }
}
