using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PortFwd.Data.Storage;

/// <summary>
/// Remembers whether the last write to the database failed for want of disk, until a write succeeds, so the
/// health check can say "degraded" while saves fail. Fed by <see cref="Interceptor"/> on every EF Core save
/// and bulk delete, and by the stores' own SQL writes.
/// </summary>
public sealed class DatabaseWrites
{
    private volatile StorageFailure? _lastFailure;

    private readonly string? _dataDirectory;

    /// <param name="dataDirectory">The database's folder, to tell a full disk from a failing one.</param>
    public DatabaseWrites(string? dataDirectory = null)
    {
        _dataDirectory = dataDirectory;
        Interceptor = new WriteInterceptor(this);
    }

    /// <summary>Why the last write failed; null when it succeeded (or none was made yet).</summary>
    public StorageFailure? LastFailure => _lastFailure;

    /// <summary>Added to the DbContext options: reports every save and non-query command to this instance.</summary>
    public IInterceptor Interceptor { get; }

    public void Succeeded() => _lastFailure = null;

    /// <summary>The storage failure behind <paramref name="exception"/> on this database's disk, or null.</summary>
    public StorageFailure? Diagnose(Exception exception) => StorageFailure.From(exception, _dataDirectory);

    /// <summary>Records <paramref name="exception"/> when it is a storage failure; other errors are not the disk's.</summary>
    public void Failed(Exception exception)
    {
        if (Diagnose(exception) is { } failure)
        {
            _lastFailure = failure;
        }
    }

    /// <summary>
    /// Makes one real, committed write and records how it went: the header's <c>user_version</c> (which nothing
    /// else uses) is written again with its own value. That is a one-page commit through the WAL, so it fails
    /// exactly when a save would for want of disk, and changes nothing when it succeeds.
    /// </summary>
    /// <returns>Why it failed, or null when it was written.</returns>
    public async Task<StorageFailure?> ProbeAsync(IDbContextFactory<PortFwdDbContext> factory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            // A PRAGMA takes no parameters; the value is the number just read.
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version};");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (Diagnose(ex) is { } failure)
        {
            _lastFailure = failure;
            return failure;
        }

        Succeeded();
        return null;
    }

    private sealed class WriteInterceptor(DatabaseWrites writes) : SaveChangesInterceptor, IDbCommandInterceptor
    {
        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            writes.Succeeded();
            return ValueTask.FromResult(result);
        }

        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            writes.Succeeded();
            return result;
        }

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            writes.Failed(eventData.Exception);
            return Task.CompletedTask;
        }

        public override void SaveChangesFailed(DbContextErrorEventData eventData) => writes.Failed(eventData.Exception);

        // Bulk deletes and updates (ExecuteDelete) run as non-queries outside SaveChanges.
        public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            writes.Succeeded();
            return ValueTask.FromResult(result);
        }

        public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            writes.Succeeded();
            return result;
        }

        public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            writes.Failed(eventData.Exception);
            return Task.CompletedTask;
        }

        public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => writes.Failed(eventData.Exception);
    }
}
