using Microsoft.Extensions.Time.Testing;
using PortFwd.Nat.NatPmpPcp;

namespace PortFwd.Nat.Tests.NatPmpPcp;

public class EpochTrackerTests
{
    [Fact]
    public void An_epoch_growing_with_the_clock_is_no_restart()
    {
        var time = new FakeTimeProvider();
        var tracker = new EpochTracker(time);

        Assert.False(tracker.Observe(100));
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(tracker.Observe(160));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(tracker.Observe(161));
        Assert.Equal(0, tracker.Restarts);
    }

    [Fact]
    public void An_epoch_going_back_is_a_restart()
    {
        var time = new FakeTimeProvider();
        var tracker = new EpochTracker(time);
        tracker.Observe(5000);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(tracker.Observe(1));
        Assert.Equal(1, tracker.Restarts);
    }

    [Fact]
    public void An_epoch_that_grew_much_less_than_the_clock_is_a_restart()
    {
        var time = new FakeTimeProvider();
        var tracker = new EpochTracker(time);
        tracker.Observe(10);
        time.Advance(TimeSpan.FromSeconds(600));

        // The router restarted ~30 s ago and counts from 0 again.
        Assert.True(tracker.Observe(30));
    }
}
