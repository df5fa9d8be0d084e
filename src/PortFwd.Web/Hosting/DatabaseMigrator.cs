using Microsoft.EntityFrameworkCore;
using PortFwd.Data;

namespace PortFwd.Web.Hosting;

/// <summary>Creates and migrates the database before anything else starts (registered first).</summary>
internal sealed class DatabaseMigrator(IDbContextFactory<PortFwdDbContext> factory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => PortFwdDatabase.MigrateAsync(factory, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
