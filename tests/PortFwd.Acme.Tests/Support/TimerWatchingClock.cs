using Microsoft.Extensions.Time.Testing;

namespace PortFwd.Acme.Tests.Support;

/// <summary>
/// A fake clock that counts the timers started on it, so a test moves time only once the code under test is
/// waiting (a Task.Delay on this clock has started), not before.
/// </summary>
public sealed class TimerWatchingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _timers;

    public int TimersStarted => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }

    /// <summary>Waits (bounded, in real time) until <paramref name="count"/> timers have been started.</summary>
    public async Task WhenTimersStartedAsync(int count, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (TimersStarted < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{TimersStarted} timers started after 10 s, not {count}.");
            await Task.Delay(5, ct);
        }
    }
}
