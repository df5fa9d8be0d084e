using PortFwd.Core.Blocklist;
using PortFwd.Data.Blocklist;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Blocklist;

/// <summary>A blocklist entry with how many attempts it has refused since the panel started.</summary>
public sealed record BlockedEntry(BlocklistEntry Entry, long BlockedCount);

/// <summary>
/// Keeps the global blocklist in force: loads the table at start, and on every change (and when an entry expires) builds
/// one <see cref="AddressBlocklist"/> for the relay and the HTTP rules alike. A timer waits for the next expiry; expired
/// entries leave the list in force and the table. Changes are announced on <see cref="Updates"/>.
/// </summary>
/// <remarks>
/// The counts of refused attempts live in the list in force and are carried over when it is rebuilt, so they count
/// from the panel's start; they are not stored.
/// </remarks>
public sealed partial class BlocklistService(
    BlocklistStore store,
    RelayEngine relay,
    BlockedAddresses blocked,
    TimeProvider time,
    ILogger<BlocklistService> logger) : IHostedService, IAddressBlocker, IDisposable
{
    // An entry's next expiry is looked at again at least this often (timers cannot wait for ever).
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly SemaphoreSlim _gate = new(1, 1);

    // Attempts refused by lists already replaced, by network; replaced as a whole, read without the gate.
    private volatile Dictionary<string, long> _carried = new(StringComparer.Ordinal);
    private ITimer? _expiry;
    private bool _stopped;

    public ChangeFeed Updates { get; } = new(time);

    public async Task StartAsync(CancellationToken cancellationToken) => await ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        _expiry?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _expiry?.Dispose();
        _gate.Dispose();
    }

    /// <summary>The entries in force, oldest first, with their counts.</summary>
    public async Task<IReadOnlyList<BlockedEntry>> ListAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var current = blocked.Current;
        return [.. (await store.GetAllAsync(ct)).Where(e => !e.HasExpired(now)).Select(e => new BlockedEntry(e, CountOf(current, e)))];
    }

    /// <summary>Adds an entry and puts it in force at once (live connections from it are closed).</summary>
    public async Task<BlocklistAddResult> AddAsync(BlocklistDraft draft, CancellationToken ct)
    {
        var added = await store.AddAsync(draft, ct);
        if (added.IsSuccess)
        {
            LogAdded(added.Entry.Network, added.Entry.ExpiresAt);
            await ApplyAsync(ct);
        }

        return added;
    }

    /// <summary>Deletes an entry; false if there is none with <paramref name="id"/>.</summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken ct)
    {
        var entry = (await store.GetAllAsync(ct)).FirstOrDefault(e => e.Id == id);
        if (entry is null || !await store.DeleteAsync(id, ct))
        {
            return false;
        }

        LogRemoved(entry.Network);
        await ApplyAsync(ct);
        return true;
    }

    /// <summary>Puts the table in force again after it was replaced as a whole (a restore).</summary>
    public Task ReloadAsync(CancellationToken ct) => ApplyAsync(ct);

    public async Task<BlockResult> BlockAsync(string address, string? note, CancellationToken ct)
    {
        var added = await AddAsync(new BlocklistDraft { Address = address, Note = note }, ct);
        return added.IsSuccess
            ? BlockResult.Blocked
            : BlockResult.Fail(string.Join(" ", added.FieldErrors.SelectMany(e => e.Value)));
    }

    private long CountOf(AddressBlocklist list, BlocklistEntry entry) =>
        _carried.GetValueOrDefault(entry.Network) + list.BlockedCount(entry.ToNetwork());

    /// <summary>Deletes what expired, builds the list in force from the table, hands it to the relay and the HTTP rules, and waits for the next expiry.</summary>
    private async Task ApplyAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            foreach (var expired in await store.DeleteExpiredAsync(now, ct))
            {
                LogExpired(expired.Network);
            }

            var entries = await store.GetAllAsync(ct);
            var previous = blocked.Current;
            var carried = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                carried[entry.Network] = CountOf(previous, entry);
            }

            var list = new AddressBlocklist(entries.Select(e => e.ToNetwork()));
            _carried = carried;
            blocked.Current = list;
            relay.Blocklist = list;
            ScheduleExpiry(entries, now);
        }
        finally
        {
            _gate.Release();
        }

        Updates.Notify();
    }

    private void ScheduleExpiry(IReadOnlyList<BlocklistEntry> entries, DateTimeOffset now)
    {
        _expiry?.Dispose();
        _expiry = null;
        if (_stopped || entries.Where(e => e.ExpiresAt is not null).Min(e => e.ExpiresAt) is not { } next)
        {
            return;
        }

        var wait = next - now;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait;
        _expiry = time.CreateTimer(static state => _ = ((BlocklistService)state!).ExpireAsync(), this, wait, Timeout.InfiniteTimeSpan);
    }

    private async Task ExpireAsync()
    {
        try
        {
            await ApplyAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The table could not be read or written (disk full, locked): try again shortly rather than leave an expired entry in force.
            LogExpiryFailed(e);
            await _gate.WaitAsync(CancellationToken.None);
            try
            {
                if (!_stopped)
                {
                    _expiry?.Dispose();
                    _expiry = time.CreateTimer(static state => _ = ((BlocklistService)state!).ExpireAsync(), this, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    [LoggerMessage(EventId = EventIds.BlocklistEntryAdded, Level = LogLevel.Information, Message = "Blocklist: {Network} blocked (until {ExpiresAt})")]
    private partial void LogAdded(string network, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = EventIds.BlocklistEntryRemoved, Level = LogLevel.Information, Message = "Blocklist: {Network} no longer blocked (deleted)")]
    private partial void LogRemoved(string network);

    [LoggerMessage(EventId = EventIds.BlocklistEntryExpired, Level = LogLevel.Information, Message = "Blocklist: {Network} no longer blocked (expired)")]
    private partial void LogExpired(string network);

    [LoggerMessage(EventId = EventIds.BlocklistExpiryFailed, Level = LogLevel.Error, Message = "Blocklist: expired entries could not be removed; trying again in a minute")]
    private partial void LogExpiryFailed(Exception exception);
}
