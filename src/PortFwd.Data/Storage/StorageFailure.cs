using Microsoft.Data.Sqlite;

namespace PortFwd.Data.Storage;

/// <summary>Why the data disk refused a write.</summary>
public enum StorageFailureKind
{
    /// <summary>No space left (SQLite's SQLITE_FULL, or ENOSPC from a plain file).</summary>
    DiskFull,

    /// <summary>The disk failed to read or write (SQLite's SQLITE_IOERR): a failing card or a vanished mount.</summary>
    DiskError,
}

/// <summary>
/// A write the data disk refused, with the sentence the user reads. Found in an exception (and its inner
/// exceptions) by <see cref="From"/>, so the API, the form and the health check name it the same way.
/// </summary>
public sealed record StorageFailure(StorageFailureKind Kind, string Message)
{
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int LinuxNoSpace = 28;
    private const int WindowsDiskFull = 0x70;
    private const int WindowsHandleDiskFull = 0x27;

    public static StorageFailure DiskFull { get; } =
        new(StorageFailureKind.DiskFull, "The data disk is full; nothing was saved. Free some space and try again.");

    public static StorageFailure DiskError { get; } =
        new(StorageFailureKind.DiskError, "The data disk could not be written; nothing was saved. Check the disk and try again.");

    // Less room than this on the data disk turns a SQLite I/O error into "full".
    private const long AlmostNoSpace = 1024 * 1024;

    /// <summary>The storage failure behind <paramref name="exception"/>, or null when it is something else.</summary>
    /// <param name="exception">What the write threw.</param>
    /// <param name="dataDirectory">
    /// The folder the database lives in. SQLite reports a full disk as an I/O error when it was growing its
    /// shared-memory or journal file rather than writing a page; with the folder known, an I/O error on a disk
    /// with no room left is called what it is.
    /// </param>
    public static StorageFailure? From(Exception? exception, string? dataDirectory = null)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                    return DiskFull;
                case SqliteException { SqliteErrorCode: SqliteIoError }:
                    return IsAlmostFull(dataDirectory) ? DiskFull : DiskError;
                case IOException io when IsNoSpace(io.HResult):
                    return DiskFull;
            }
        }

        return null;
    }

    private static bool IsAlmostFull(string? directory)
    {
        if (string.IsNullOrEmpty(directory))
        {
            return false;
        }

        try
        {
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace < AlmostNoSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    // .NET reports ENOSPC as the errno on Unix and as ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL (in an HRESULT) on Windows.
    private static bool IsNoSpace(int hresult) => hresult == LinuxNoSpace || (hresult & 0xFFFF) is WindowsDiskFull or WindowsHandleDiskFull;
}
