namespace PortFwd.Relay.Engine;

/// <summary>
/// The timestamp of the engine's last sweep. UDP sessions record it as their last activity on every
/// datagram, so it must cost a memory read, not a clock call; a sweep period of error is enough for idle expiry.
/// </summary>
internal sealed class CoarseClock
{
    private readonly TimeProvider _time;
    private long _now;

    public CoarseClock(TimeProvider time)
    {
        _time = time;
        _now = time.GetTimestamp();
    }

    /// <summary>The timestamp of the last <see cref="Advance"/>, in <see cref="TimeProvider.TimestampFrequency"/> ticks.</summary>
    public long Now => Volatile.Read(ref _now);

    /// <summary>Reads the clock and makes that the new <see cref="Now"/>.</summary>
    public long Advance()
    {
        var now = _time.GetTimestamp();
        Volatile.Write(ref _now, now);
        return now;
    }
}
