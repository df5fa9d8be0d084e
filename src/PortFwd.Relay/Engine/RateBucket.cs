namespace PortFwd.Relay.Engine;

/// <summary>
/// A token bucket of bytes for one direction of one rule, shared by all its connections and sessions: it
/// fills at the rule's rate up to a burst of 1/8 s worth or 64 KiB, whichever is larger. A reader asks how
/// much it may read (<see cref="Allowance"/>), reads at most that, and <see cref="Consume"/>s what it read;
/// readers racing on several threads may overdraw a little, which the next ones wait off, so the average
/// rate holds. Exists only for rules with a limit: unlimited rules have no bucket at all.
/// </summary>
internal sealed class RateBucket
{
    /// <summary>The smallest burst; also roughly what one copy loop reads at a time.</summary>
    public const long MinBurst = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private long _bytesPerSecond;
    private long _burst;
    private long _resume;
    private double _tokens;
    private long _stamp;

    public RateBucket(long bytesPerSecond, TimeProvider time)
    {
        _time = time;
        SetRate(bytesPerSecond);
        _tokens = _burst;
        _stamp = time.GetTimestamp();
    }

    public long BytesPerSecond => Volatile.Read(ref _bytesPerSecond);

    /// <summary>Changes the rate in place (the rule was edited); live connections pace at the new rate from now on.</summary>
    public void SetRate(long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        lock (_lock)
        {
            _bytesPerSecond = bytesPerSecond;
            _burst = Math.Max(bytesPerSecond / 8, MinBurst);

            // A paused reader waits for about 20 ms worth (at least 1 KiB), so pacing does not mean a wake-up per segment.
            _resume = Math.Clamp(bytesPerSecond / 50, 1024, _burst);
            _tokens = Math.Min(_tokens, _burst);
        }
    }

    /// <summary>How many bytes may be read now (at most the burst); 0 when the budget is spent.</summary>
    public int Allowance()
    {
        lock (_lock)
        {
            Refill();
            return _tokens >= 1 ? (int)Math.Min(_tokens, int.MaxValue) : 0;
        }
    }

    /// <summary>Takes <paramref name="bytes"/> out of the budget; it may go below zero (a racing reader overdrew).</summary>
    public void Consume(long bytes)
    {
        lock (_lock)
        {
            _tokens -= bytes;
        }
    }

    /// <summary>
    /// Takes a whole datagram of <paramref name="bytes"/> if the budget holds it; false drops it (UDP, where
    /// waiting would only queue what the sender will resend or no longer needs).
    /// </summary>
    public bool TryTake(int bytes)
    {
        lock (_lock)
        {
            Refill();
            if (_tokens < bytes)
            {
                return false;
            }

            _tokens -= bytes;
            return true;
        }
    }

    /// <summary>How long a reader that got no <see cref="Allowance"/> waits before it asks again.</summary>
    public TimeSpan Wait()
    {
        lock (_lock)
        {
            Refill();
            var missing = _resume - _tokens;
            var seconds = missing <= 0 ? 0 : missing / _bytesPerSecond;
            return TimeSpan.FromSeconds(Math.Max(seconds, 0.001));
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = now - _stamp;
        if (elapsed <= 0)
        {
            return;
        }

        _stamp = now;
        _tokens = Math.Min(_burst, _tokens + (elapsed * (double)_bytesPerSecond / _time.TimestampFrequency));
    }
}
