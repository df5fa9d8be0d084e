using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PortFwd.Data.Storage;

namespace PortFwd.Data.Traffic;

/// <summary>
/// The traffic history: 1-minute and 1-hour rollups and lifetime totals per rule. Writes add to what
/// is stored (never overwrite), so a restart in the middle of a minute keeps the part before it, and a
/// write for a rule that was just deleted is dropped rather than failing the batch. Rows go with their
/// rule (foreign key, cascade). Its own SQL writes report to <see cref="DatabaseWrites"/> (EF's are seen by its interceptor).
/// </summary>
public sealed class TrafficStore(IDbContextFactory<PortFwdDbContext> factory, DatabaseWrites? writes = null)
{
    private static readonly string[] CountColumns =
    [
        "BytesIn", "BytesOut", "Connections", "Refused", "UpstreamFailed", "IdleClosed", "DatagramsIn", "DatagramsOut",
        "Requests", "Status2xx", "Status3xx", "Status4xx", "Status5xx", "LatencyMicros",
    ];

    private static readonly string MinuteUpsert = BucketUpsert("TrafficMinutes");
    private static readonly string HourUpsert = BucketUpsert("TrafficHours");
    private static readonly string TotalUpsert =
        $"INSERT INTO TrafficTotals (RuleId, {string.Join(", ", CountColumns)}) " +
        $"SELECT $rule, {string.Join(", ", CountColumns.Select(c => "$" + c))} WHERE EXISTS (SELECT 1 FROM Rules WHERE Id = $rule) " +
        $"ON CONFLICT (RuleId) DO UPDATE SET {string.Join(", ", CountColumns.Select(c => $"{c} = {c} + excluded.{c}"))};";

    /// <summary>Adds the figures in one transaction: all of them are stored, or none.</summary>
    public async Task AddAsync(
        IReadOnlyList<TrafficBucketDelta> minutes, IReadOnlyList<TrafficBucketDelta> hours, IReadOnlyList<TrafficBucketDelta> totals,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(totals);
        if (minutes.Count + hours.Count + totals.Count == 0)
        {
            return;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await UpsertAsync(connection, transaction, MinuteUpsert, minutes, withStart: true, cancellationToken);
            await UpsertAsync(connection, transaction, HourUpsert, hours, withStart: true, cancellationToken);
            await UpsertAsync(connection, transaction, TotalUpsert, totals, withStart: false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is SqliteException or IOException)
        {
            writes?.Failed(ex);
            throw;
        }

        writes?.Succeeded();
    }

    /// <summary>The rule's buckets with <c>from &lt;= Start &lt; to</c> (Unix seconds), oldest first.</summary>
    public async Task<IReadOnlyList<TrafficBucket>> ReadAsync(
        TrafficResolution resolution, int ruleId, long from, long to, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return resolution == TrafficResolution.Minute
            ? await db.TrafficMinutes.AsNoTracking().Where(b => b.RuleId == ruleId && b.Start >= from && b.Start < to)
                .OrderBy(b => b.Start).ToListAsync(cancellationToken)
            : await db.TrafficHours.AsNoTracking().Where(b => b.RuleId == ruleId && b.Start >= from && b.Start < to)
                .OrderBy(b => b.Start).ToListAsync(cancellationToken);
    }

    /// <summary>Lifetime totals of every rule that has any.</summary>
    public async Task<IReadOnlyDictionary<int, TrafficCounts>> ReadTotalsAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.TrafficTotals.AsNoTracking().ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.RuleId, r => r.ToCounts());
    }

    /// <summary>Deletes minute buckets that start before <paramref name="minutesBefore"/> and hour buckets before <paramref name="hoursBefore"/>.</summary>
    /// <returns>How many rows went.</returns>
    public async Task<int> PruneAsync(long minutesBefore, long hoursBefore, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var minutes = await db.TrafficMinutes.Where(b => b.Start < minutesBefore).ExecuteDeleteAsync(cancellationToken);
        var hours = await db.TrafficHours.Where(b => b.Start < hoursBefore).ExecuteDeleteAsync(cancellationToken);
        return minutes + hours;
    }

    private static string BucketUpsert(string table) =>
        $"INSERT INTO {table} (RuleId, Start, {string.Join(", ", CountColumns)}, PeakActive) " +
        $"SELECT $rule, $start, {string.Join(", ", CountColumns.Select(c => "$" + c))}, $peak WHERE EXISTS (SELECT 1 FROM Rules WHERE Id = $rule) " +
        $"ON CONFLICT (RuleId, Start) DO UPDATE SET {string.Join(", ", CountColumns.Select(c => $"{c} = {c} + excluded.{c}"))}, " +
        "PeakActive = max(PeakActive, excluded.PeakActive);";

    private static async Task UpsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, IReadOnlyList<TrafficBucketDelta> rows, bool withStart,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var rule = command.Parameters.Add("$rule", SqliteType.Integer);
        var start = withStart ? command.Parameters.Add("$start", SqliteType.Integer) : null;
        var peak = withStart ? command.Parameters.Add("$peak", SqliteType.Integer) : null;
        var counts = CountColumns.Select(c => command.Parameters.Add("$" + c, SqliteType.Integer)).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            rule.Value = row.RuleId;
            if (start is not null)
            {
                start.Value = row.Start;
                peak!.Value = row.PeakActive;
            }

            var c = row.Counts;
            Set(counts, c.BytesIn, c.BytesOut, c.Connections, c.Refused, c.UpstreamFailed, c.IdleClosed, c.DatagramsIn, c.DatagramsOut,
                c.Requests, c.Status2xx, c.Status3xx, c.Status4xx, c.Status5xx, c.LatencyMicros);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void Set(DbParameter[] parameters, params ReadOnlySpan<long> values)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].Value = values[i];
        }
    }
}
