using System.Collections.Concurrent;
using System.Net;

namespace PortFwd.Web.Accounts.SignIn;

/// <summary>
/// Locks sign-in after repeated failures, counted per client address and per account. While an address is locked
/// its attempts are refused before the password is looked at, so they neither cost a password hash nor count
/// against the account: one address hammering the panel locks itself out and no one else. The account lock is for
/// guesses spread over many addresses, so it needs many more failures. Each further lock of the same key lasts
/// twice as long (up to <see cref="SignInLockoutPolicy.MaxLock"/>); a successful sign-in clears both.
/// </summary>
/// <remarks>
/// The counts live in memory: a restart forgets them, which costs an attacker a restart of the panel per round.
/// The sign-in flood guard (<see cref="SignInFloodLimit"/>) stays in front, per address.
/// </remarks>
public sealed class SignInLockout(SignInLockoutPolicy policy, TimeProvider time)
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How long sign-in from this address or for this account is still refused; zero when it is not.</summary>
    public TimeSpan RemainingLock(IPAddress? address, string? userName)
    {
        var now = time.GetUtcNow();
        return Max(Remaining(AddressKey(address), now), Remaining(AccountKey(userName), now));
    }

    /// <summary>Counts a wrong password or code; the lock it may start shows in <see cref="RemainingLock"/>.</summary>
    public void RecordFailure(IPAddress? address, string? userName)
    {
        var now = time.GetUtcNow();
        Fail(AddressKey(address), policy.AddressFailures, now);
        Fail(AccountKey(userName), policy.AccountFailures, now);
        if (_entries.Count > MaxEntries)
        {
            Prune(now);
        }
    }

    /// <summary>A completed sign-in: the address and the account start again from nothing.</summary>
    public void RecordSuccess(IPAddress? address, string? userName)
    {
        _entries.TryRemove(AddressKey(address), out _);
        _entries.TryRemove(AccountKey(userName), out _);
    }

    private TimeSpan Remaining(string key, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return TimeSpan.Zero;
        }

        lock (entry)
        {
            return entry.LockedUntil > now ? entry.LockedUntil - now : TimeSpan.Zero;
        }
    }

    private void Fail(string key, int limit, DateTimeOffset now)
    {
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (now - entry.WindowStart > policy.Window)
            {
                entry.WindowStart = now;
                entry.Failures = 0;
            }

            entry.Failures++;
            if (entry.Failures >= limit)
            {
                var length = policy.FirstLock * Math.Pow(2, Math.Min(entry.Locks, 16));
                entry.LockedUntil = now + (length < policy.MaxLock ? length : policy.MaxLock);
                entry.Locks++;
                entry.Failures = 0;
                entry.WindowStart = now;
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            lock (entry)
            {
                // Forgotten once neither locked nor counting, and its lock doubling would have run out too.
                if (entry.LockedUntil + policy.MaxLock < now && now - entry.WindowStart > policy.Window)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string AddressKey(IPAddress? address) => "address:" + (address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4() : address)?.ToString();

    private static string AccountKey(string? userName) => "account:" + (userName ?? "").Trim().ToLowerInvariant();

    private sealed class Entry
    {
        public int Failures;
        public int Locks;
        public DateTimeOffset WindowStart;
        public DateTimeOffset LockedUntil;
    }
}

/// <summary>How many failures lock sign-in, and for how long.</summary>
/// <param name="AddressFailures">Failures from one address within <paramref name="Window"/> that lock that address.</param>
/// <param name="AccountFailures">Failures for one account (from any address) within <paramref name="Window"/> that lock the account.</param>
/// <param name="Window">How long failures are remembered for counting.</param>
/// <param name="FirstLock">The first lock's length; each further lock of the same key doubles it.</param>
/// <param name="MaxLock">The longest lock.</param>
public sealed record SignInLockoutPolicy(int AddressFailures, int AccountFailures, TimeSpan Window, TimeSpan FirstLock, TimeSpan MaxLock)
{
    public static SignInLockoutPolicy Default { get; } =
        new(AddressFailures: 10, AccountFailures: 50, Window: TimeSpan.FromMinutes(15), FirstLock: TimeSpan.FromMinutes(5), MaxLock: TimeSpan.FromHours(1));
}
