namespace PortFwd.Relay.Connections;

/// <summary>
/// What the connection table shows of one TCP connection or UDP session, kept inside that object (no
/// allocation of its own); the owner keeps the client and the external port next to it, where they pack with its
/// other small fields (four longs here, no padding). The byte counts have one writer each, the thread that moves those bytes, so
/// they are plain adds published with <see cref="Volatile"/>: no lock and no interlocked operation on the
/// byte path; a snapshot reads them racily.
/// </summary>
internal struct ConnectionStats
{
    /// <summary>Unique within the engine (<see cref="ConnectionIds"/>).</summary>
    public long Id;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the connection was accepted or the session opened.</summary>
    public long Opened;

    private long _bytesIn;
    private long _bytesOut;

    public ConnectionStats(long id, long opened)
    {
        Id = id;
        Opened = opened;
    }

    /// <summary>Bytes delivered from the client to the target (read from any thread).</summary>
    public readonly long BytesIn => Volatile.Read(in _bytesIn);

    /// <summary>Bytes delivered from the target to the client (read from any thread).</summary>
    public readonly long BytesOut => Volatile.Read(in _bytesOut);

    /// <summary>Only the thread that moves client → target bytes calls this.</summary>
    public void CountIn(long bytes) => Volatile.Write(ref _bytesIn, _bytesIn + bytes);

    /// <summary>Only the thread that moves target → client bytes calls this.</summary>
    public void CountOut(long bytes) => Volatile.Write(ref _bytesOut, _bytesOut + bytes);
}

/// <summary>The ids of an engine's connections and sessions: one counter, taken once per connection or session.</summary>
internal sealed class ConnectionIds
{
    private long _last;

    public long Next() => Interlocked.Increment(ref _last);
}

/// <summary>
/// Turns the monotonic timestamps kept on connections into wall-clock times, from one reading of both
/// clocks taken when a snapshot is made.
/// </summary>
internal readonly struct WallClock
{
    private readonly DateTimeOffset _utcNow;
    private readonly long _now;
    private readonly long _frequency;

    public WallClock(TimeProvider time)
    {
        _utcNow = time.GetUtcNow();
        _now = time.GetTimestamp();
        _frequency = time.TimestampFrequency;
    }

    public DateTimeOffset At(long timestamp) =>
        _utcNow - TimeSpan.FromSeconds((double)(_now - timestamp) / _frequency);
}
