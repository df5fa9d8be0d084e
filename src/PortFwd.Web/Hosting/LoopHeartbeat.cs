namespace PortFwd.Web.Hosting;

/// <summary>
/// A background loop's sign of life for the systemd watchdog: when its current pass started. A loop that waits between
/// passes is alive however long it waits; one whose pass has run for far longer than any pass should is stuck.
/// </summary>
internal sealed class LoopHeartbeat(TimeProvider time)
{
    private const long Idle = 0;
    private long _passStarted = Idle;

    public void PassStarted() => Volatile.Write(ref _passStarted, Math.Max(1, time.GetTimestamp()));

    public void PassEnded() => Volatile.Write(ref _passStarted, Idle);

    /// <summary>Whether the pass running now has run for longer than <paramref name="limit"/>.</summary>
    public bool IsStuck(TimeSpan limit)
    {
        var started = Volatile.Read(ref _passStarted);
        return started != Idle && time.GetElapsedTime(started) > limit;
    }
}
