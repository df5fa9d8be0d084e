using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using PortFwd.Data.Backup;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Backup;

/// <summary>The <c>PortFwd:Backups</c> section: the nightly copies of the database.</summary>
public sealed class BackupOptions
{
    public const string Section = "PortFwd:Backups";

    /// <summary>Copy the database every night into the data folder's <c>backups</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many copies are kept; the oldest go.</summary>
    [Range(1, 365)]
    public int Keep { get; set; } = 7;
}

/// <summary>
/// Copies the SQLite database every night at <see cref="CopyTime"/> (this machine's time) into
/// <c>&lt;data folder&gt;/backups/portfwd-yyyyMMddTHHmmssZ.db</c>, keeping the last <see cref="BackupOptions.Keep"/>.
/// Each copy is a whole database of its own (SQLite's <c>VACUUM INTO</c>), consistent at one instant while the panel
/// keeps writing: stopping the panel and putting it in place of portfwd.db restores it.
/// </summary>
public sealed partial class DatabaseCopies(
    ConfigurationStore store,
    IOptionsMonitor<BackupOptions> options,
    IOptions<PortFwdOptions> panel,
    TimeProvider time,
    ILogger<DatabaseCopies> logger) : BackgroundService
{
    public const string FolderName = "backups";

    private const string Prefix = "portfwd-";
    private const string Extension = ".db";

    /// <summary>When the nightly copy is made: a quiet hour on a home network.</summary>
    public static readonly TimeOnly CopyTime = new(3, 0);

    /// <summary>Told when the next copy is scheduled and after each copy.</summary>
    public ChangeFeed Updates { get; } = new();

    /// <summary>When the next copy is due; null while none is scheduled (copies off, or not started).</summary>
    public DateTimeOffset? NextCopyAt { get; private set; }

    public string Folder => Path.Combine(panel.Value.ResolvedDataDirectory, FolderName);

    /// <summary>The copies there are, oldest first.</summary>
    public IReadOnlyList<string> Copies() =>
        Directory.Exists(Folder) ? [.. Directory.GetFiles(Folder, Prefix + "*" + Extension).Order(StringComparer.Ordinal)] : [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = NextAfter(now, time.LocalTimeZone);
            NextCopyAt = next;
            Updates.Notify();
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!options.CurrentValue.Enabled)
            {
                continue;
            }

            try
            {
                await CopyNowAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // A full disk or a locked folder: tomorrow's copy tries again; the panel carries on.
                LogCopyFailed(e, Folder);
            }
        }
    }

    /// <summary>Makes a copy now and deletes the oldest beyond <see cref="BackupOptions.Keep"/>; returns the copy's path.</summary>
    public async Task<string> CopyNowAsync(CancellationToken cancellationToken)
    {
        PrivateDirectory.Create(Folder);
        var path = Path.Combine(Folder, $"{Prefix}{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}{Extension}");
        if (File.Exists(path))
        {
            // VACUUM INTO refuses an existing file; a second copy in the same second replaces the first.
            File.Delete(path);
        }

        await store.CopyToAsync(path, cancellationToken);
        var copies = Copies();
        foreach (var old in copies.Take(Math.Max(0, copies.Count - options.CurrentValue.Keep)))
        {
            File.Delete(old);
        }

        LogCopied(path, Math.Min(copies.Count, options.CurrentValue.Keep));
        Updates.Notify();
        return path;
    }

    /// <summary>The first <see cref="CopyTime"/> in <paramref name="zone"/> after <paramref name="now"/>; a time the clocks skip counts an hour later.</summary>
    public static DateTimeOffset NextAfter(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var day = 0; ; day++)
        {
            var local = today.AddDays(day).ToDateTime(CopyTime);
            if (zone.IsInvalidTime(local))
            {
                local = local.AddHours(1);
            }

            var at = new DateTimeOffset(local, zone.GetUtcOffset(local));
            if (at > now)
            {
                return at;
            }
        }
    }

    [LoggerMessage(EventId = EventIds.DatabaseCopied, Level = LogLevel.Information, Message = "Database copied to {Path} ({Kept} copies kept)")]
    private partial void LogCopied(string path, int kept);

    [LoggerMessage(EventId = EventIds.DatabaseCopyFailed, Level = LogLevel.Error, Message = "The nightly database copy into {Folder} failed; the next night tries again")]
    private partial void LogCopyFailed(Exception exception, string folder);
}
