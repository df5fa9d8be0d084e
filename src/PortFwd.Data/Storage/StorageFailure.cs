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

    /// <summary>The storage failure behind <paramref name="exception"/>, or null when it is something else.</summary>
    public static StorageFailure? From(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                    return DiskFull;
                case SqliteException { SqliteErrorCode: SqliteIoError }:
                    return DiskError;
                case IOException io when IsNoSpace(io.HResult):
                    return DiskFull;
            }
        }

        return null;
    }

    // .NET reports ENOSPC as the errno on Unix and as ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL (in an HRESULT) on Windows.
    private static bool IsNoSpace(int hresult) => hresult == LinuxNoSpace || (hresult & 0xFFFF) is WindowsDiskFull or WindowsHandleDiskFull;
}
