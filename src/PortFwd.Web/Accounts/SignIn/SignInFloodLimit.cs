namespace PortFwd.Web.Accounts.SignIn;

/// <summary>
/// The flood guard in front of every sign-in post: at most <see cref="PermitLimit"/> attempts per client address in a
/// fixed window of <see cref="Window"/>, counted when a request arrives. It replaces ASP.NET Core's rate-limiting
/// middleware, whose partitioned limiter runs a 100 ms timer for the life of the process, sign-ins or not: ten
/// wake-ups a second of an otherwise idle panel (BENCHMARKS.md, "Footprint"). This one keeps no timer; windows that
/// have ended are dropped, on an attempt, when the table has doubled or a window has passed since the last time.
/// </summary>
internal sealed class SignInFloodLimit(TimeProvider time)
{
    public const int PermitLimit = 20;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int FirstPrune = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = [];
    private int _pruneAt = FirstPrune;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Addresses with a window held (tests: what a flood from many addresses leaves behind).</summary>
    internal int Tracked
    {
        get
        {
            lock (_lock)
            {
                return _windows.Count;
            }
        }
    }

    /// <summary>Counts one attempt from <paramref name="address"/>: null when it may go on, else how long until its window ends.</summary>
    public TimeSpan? TryAcquire(string address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_windows.Count >= _pruneAt || now - _lastPrune >= Window)
            {
                Prune(now);
            }

            if (!_windows.TryGetValue(address, out var window) || now - window.Start >= Window)
            {
                window = (now, 0);
            }

            if (window.Count >= PermitLimit)
            {
                return window.Start + Window - now;
            }

            _windows[address] = (window.Start, window.Count + 1);
            return null;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (address, window) in _windows)
        {
            if (now - window.Start >= Window)
            {
                _windows.Remove(address);
            }
        }

        // Addresses still in their window stay; the next prune waits until the table has doubled again or a window has passed.
        _pruneAt = Math.Max(FirstPrune, _windows.Count * 2);
        _lastPrune = now;
    }
}

/// <summary>Endpoint metadata: the endpoint's posts count against the sign-in flood guard.</summary>
internal sealed class SignInFloodLimited
{
    public static readonly SignInFloodLimited Instance = new();
}
