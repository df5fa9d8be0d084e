using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PortFwd.Data;
using PortFwd.Data.Storage;

namespace PortFwd.Web.Hosting;

/// <summary>
/// Healthy when the SQLite file answers and can be written; Degraded while writes fail for want of disk
/// (the panel still runs and forwards, but nothing can be saved); Unhealthy when the file cannot be opened.
/// Writing is judged two ways: the last database write (remembered until one succeeds; a real probe write
/// tries again each check, so freeing space turns it healthy without waiting for a save), and a small file
/// written to the data directory and deleted at once, which finds a full disk before any save fails.
/// </summary>
internal sealed class DatabaseHealthCheck(
    IDbContextFactory<PortFwdDbContext> factory,
    DatabaseWrites writes,
    IOptions<PortFwdOptions> options) : IHealthCheck
{
    private const string ProbeFileName = ".write-check";
    private const int ProbeBytes = 4096;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            {
                if (!await db.Database.CanConnectAsync(cancellationToken))
                {
                    return HealthCheckResult.Unhealthy("The database cannot be opened.");
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be opened.", ex);
        }

        var failure = writes.LastFailure is null ? null : await writes.ProbeAsync(factory, cancellationToken);
        failure ??= ProbeDataDirectory(options.Value.ResolvedDataDirectory);
        return failure is null ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded(Describe(failure));
    }

    private static string Describe(StorageFailure failure) => failure.Kind == StorageFailureKind.DiskFull
        ? "Saving fails: the data disk is full."
        : "Saving fails: the data disk cannot be written.";

    private static StorageFailure? ProbeDataDirectory(string directory)
    {
        try
        {
            // Deleted on close, so it takes no room and most likely never reaches the disk itself.
            using var file = new FileStream(Path.Combine(directory, ProbeFileName), FileMode.Create, FileAccess.Write, FileShare.None,
                bufferSize: 1, FileOptions.DeleteOnClose);
            file.Write(new byte[ProbeBytes]);
            file.Flush();
            return null;
        }
        catch (IOException ex)
        {
            return StorageFailure.From(ex) ?? StorageFailure.DiskError;
        }
        catch (UnauthorizedAccessException)
        {
            return StorageFailure.DiskError;
        }
    }
}
