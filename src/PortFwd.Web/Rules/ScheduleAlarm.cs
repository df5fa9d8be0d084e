using PortFwd.Core.Rules;

namespace PortFwd.Web.Rules;

/// <summary>
/// Wakes a loop that applies rules (the relay's, the router's) at the next schedule boundary of those rules, so a
/// window opens and closes on time rather than at the next resync. Armed again after every pass: the rules it was
/// given last decide the next wake. Times come from the <see cref="TimeProvider"/> (its time zone included), so tests
/// move the clock.
/// </summary>
internal sealed class ScheduleAlarm(TimeProvider time, Action wake) : IDisposable
{
    private static readonly TimeSpan Soonest = TimeSpan.FromMilliseconds(1);

    private readonly Lock _gate = new();
    private ITimer? _timer;

    /// <summary>When the alarm rings next; null when no rule has a schedule.</summary>
    public DateTimeOffset? Due { get; private set; }

    /// <summary>Rings at the earliest boundary after <paramref name="now"/> of the enabled scheduled rules among <paramref name="rules"/>.</summary>
    public void Arm(IEnumerable<ForwardingRule> rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var zone = time.LocalTimeZone;
        DateTimeOffset? next = null;
        foreach (var rule in rules)
        {
            if (rule.Enabled && rule.Schedule?.NextChange(now, zone) is { } change && (next is null || change < next))
            {
                next = change;
            }
        }

        lock (_gate)
        {
            if (next is { } due)
            {
                // A timer may ring a hair before the wall clock reaches the boundary: that pass changes nothing and arms again, a millisecond on.
                var delay = due - time.GetUtcNow();
                _timer ??= time.CreateTimer(_ => wake(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(delay < Soonest ? Soonest : delay, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            // Set last: whoever reads it knows the timer is set for it.
            Due = next;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
