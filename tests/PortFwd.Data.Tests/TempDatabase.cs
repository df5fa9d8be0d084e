using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PortFwd.Data.Tests;

/// <summary>A real SQLite file in a fresh temp directory, migrated like the app does it.</summary>
internal sealed class TempDatabase : IAsyncDisposable
{
    private TempDatabase(string directory, IDbContextFactory<PortFwdDbContext> factory)
    {
        Directory = directory;
        Factory = factory;
    }

    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, PortFwdDatabase.FileName);

    public IDbContextFactory<PortFwdDbContext> Factory { get; }

    public static async Task<TempDatabase> CreateAsync(string? directory = null)
    {
        directory ??= System.IO.Directory.CreateTempSubdirectory("portfwd-data-").FullName;
        var factory = new OptionsFactory(new DbContextOptionsBuilder<PortFwdDbContext>()
            .UseSqlite(PortFwdDatabase.ConnectionString(directory)).Options);
        await PortFwdDatabase.MigrateAsync(factory, TestContext.Current.CancellationToken);
        return new TempDatabase(directory, factory);
    }

    /// <summary>
    /// A database as an earlier release left it: migrated only up to <paramref name="migration"/>, with <paramref name="rows"/>
    /// (SQL inserts) in it. <see cref="ReopenAsync"/> then upgrades it as the new release starts.
    /// </summary>
    public static async Task<TempDatabase> AtMigrationAsync(string migration, string rows)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("portfwd-data-").FullName;
        var factory = new OptionsFactory(new DbContextOptionsBuilder<PortFwdDbContext>()
            .UseSqlite(PortFwdDatabase.ConnectionString(directory)).Options);
        await using var old = factory.CreateDbContext();
        await old.GetService<IMigrator>().MigrateAsync(migration, TestContext.Current.CancellationToken);
        await old.Database.ExecuteSqlRawAsync(rows, TestContext.Current.CancellationToken);
        return new TempDatabase(directory, factory);
    }

    /// <summary>A new factory on the same file, migrated again, as the app does on its next start.</summary>
    public async Task<IDbContextFactory<PortFwdDbContext>> ReopenAsync() => (await CreateAsync(Directory)).Factory;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Another factory on the same file whose contexts run <paramref name="interceptor"/> (to hold a save at a chosen point).</summary>
    public IDbContextFactory<PortFwdDbContext> FactoryWith(IInterceptor interceptor) => new OptionsFactory(new DbContextOptionsBuilder<PortFwdDbContext>()
        .UseSqlite(PortFwdDatabase.ConnectionString(Directory)).AddInterceptors(interceptor).Options);

    /// <summary>Runs one scalar query straight on the file, bypassing EF.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    private sealed class OptionsFactory(DbContextOptions<PortFwdDbContext> options) : IDbContextFactory<PortFwdDbContext>
    {
        public PortFwdDbContext CreateDbContext() => new(options);
    }
}
