using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PortFwd.Data.Settings;

/// <summary>
/// The settings saved on the panel: configuration keys and their text, in the <c>PanelSettings</c> table. The
/// configuration reads them with <see cref="ReadAll"/> (synchronously, before the host is built and on every reload);
/// the Settings page and API change them with <see cref="ChangeAsync"/>, one transaction per save.
/// </summary>
public sealed class PanelSettingStore(IDbContextFactory<PortFwdDbContext> factory)
{
    /// <summary>
    /// Every saved key and value in the database of <paramref name="dataDirectory"/>; empty when there is no database
    /// yet or it predates the table (the first start migrates it afterwards). Never creates the file.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadAll(string dataDirectory)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var file = Path.Combine(dataDirectory, PortFwdDatabase.FileName);
        if (!File.Exists(file))
        {
            return values;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(PortFwdDatabase.ConnectionString(dataDirectory))
        {
            Mode = SqliteOpenMode.ReadOnly,
            // Read once at start and after a save: no pooled connection keeps the file open afterwards.
            Pooling = false,
        }.ToString());
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'PanelSettings'";
        if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return values;
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT Key, Value FROM PanelSettings";
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            values[reader.GetString(0)] = reader.GetString(1);
        }

        return values;
    }

    /// <summary>
    /// Replaces the saved values under each key of <paramref name="changes"/> (the key itself and every key beneath it,
    /// so a list loses items it no longer has) with the rows given for it; an empty list of rows resets the key. All or nothing.
    /// </summary>
    /// <param name="changes">The rows to store per key.</param>
    /// <param name="entry">The change's audit entry, written in the same transaction.</param>
    /// <param name="cancellationToken">Stops the save.</param>
    public async Task ChangeAsync(
        IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> changes, Audit.AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(entry);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (key, rows) in changes)
        {
            var beneath = key + ":";
            await db.PanelSettings.Where(s => s.Key == key || s.Key.StartsWith(beneath)).ExecuteDeleteAsync(cancellationToken);
            db.PanelSettings.AddRange(rows.Select(r => new PanelSetting { Key = r.Key, Value = r.Value }));
        }

        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
