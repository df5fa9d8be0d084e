using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace PortFwd.Data;

/// <summary>Where the database lives and how it is opened.</summary>
public static class PortFwdDatabase
{
    public const string FileName = "portfwd.db";

    public static string ConnectionString(string dataDirectory) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDirectory, FileName),
        ForeignKeys = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Registers the DbContext factory and the stores on the given data directory.</summary>
    public static IServiceCollection AddPortFwdData(this IServiceCollection services, string dataDirectory)
    {
        var connectionString = ConnectionString(dataDirectory);
        services.AddSingleton(new Storage.DatabaseWrites(dataDirectory));
        services.AddDbContextFactory<PortFwdDbContext>((sp, o) =>
            o.UseSqlite(connectionString).AddInterceptors(sp.GetRequiredService<Storage.DatabaseWrites>().Interceptor));
        services.AddSingleton<Audit.AuditTrail>();
        services.AddSingleton<Audit.AuditStore>();
        services.AddSingleton<Rules.RuleStore>();
        services.AddSingleton<Traffic.TrafficStore>();
        services.AddSingleton<DynamicDns.DdnsStore>();
        services.AddSingleton<Certificates.CertificateStore>();
        services.AddSingleton<Blocklist.BlocklistStore>();
        services.AddSingleton<Settings.PanelSettingStore>();
        services.AddSingleton<Backup.ConfigurationStore>();
        services.AddSingleton<Core.Rules.IRuleSource>(sp => sp.GetRequiredService<Rules.RuleStore>());
        return services;
    }

    /// <summary>Creates the file if needed, applies pending migrations and switches the journal to WAL.</summary>
    public static async Task MigrateAsync(IDbContextFactory<PortFwdDbContext> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        // WAL survives a crash mid-write without losing committed rules and lets the panel read while the API writes.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
