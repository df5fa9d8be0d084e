using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>The "something changed" feed pages follow: throttling, no overlap, clean unsubscribe, one bad subscriber harms no other.</summary>
public sealed class ChangeFeedTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_of_100_notices_under_a_throttle_gives_few_callbacks_and_the_last_change_is_delivered()
    {
        var clock = new FakeTimeProvider();
        var feed = new ChangeFeed(clock);
        var latest = 0;
        var seen = new ConcurrentQueue<int>();
        var called = new SemaphoreSlim(0);
        using var subscription = feed.Subscribe(() =>
        {
            seen.Enqueue(Volatile.Read(ref latest));
            called.Release();
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(1));

        // 100 changes over one second of (fake) time.
        for (var i = 1; i <= 100; i++)
        {
            Volatile.Write(ref latest, i);
            feed.Notify();
            if (i == 1)
            {
                // The first change of a quiet feed is shown at once.
                Assert.True(await called.WaitAsync(Within, Ct), "the first change was not delivered");
            }

            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // What is still pending goes out when its throttle interval is over; no later than two intervals on.
        for (var step = 0; step < 2 && !seen.Contains(100); step++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Contains(100, seen);
        Assert.InRange(seen.Count, 2, 3);
        Assert.Equal(seen.Order().ToArray(), seen.ToArray());

        // Quiet again: no further callbacks however long the clock runs.
        var count = seen.Count;
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(count, seen.Count);
    }

    [Fact]
    public async Task A_change_during_a_throttle_interval_waits_for_the_interval_then_is_delivered()
    {
        var clock = new FakeTimeProvider();
        var feed = new ChangeFeed(clock);
        var called = new SemaphoreSlim(0);
        var calls = 0;
        using var subscription = feed.Subscribe(() =>
        {
            Interlocked.Increment(ref calls);
            called.Release();
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(5));

        feed.Notify();
        Assert.True(await called.WaitAsync(Within, Ct));
        feed.Notify();
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, Volatile.Read(ref calls));

        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(await called.WaitAsync(Within, Ct), "the change held back by the throttle was never delivered");
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Callbacks_of_one_subscription_never_overlap_and_a_change_during_one_runs_it_again_after()
    {
        var feed = new ChangeFeed();
        var inside = 0;
        var mostInside = 0;
        var calls = 0;
        var lastSent = 0;
        var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(async () =>
        {
            var sawLast = Volatile.Read(ref lastSent) == 1;
            InterlockedMax(ref mostInside, Interlocked.Increment(ref inside));
            var call = Interlocked.Increment(ref calls);
            if (call == 1)
            {
                firstEntered.SetResult();
                await releaseFirst.Task;
            }

            await Task.Yield();
            Interlocked.Decrement(ref inside);
            if (call == 2)
            {
                secondDone.SetResult();
            }

            if (sawLast)
            {
                lastSeen.TrySetResult();
            }
        });

        feed.Notify();
        await firstEntered.Task.WaitAsync(Within, Ct);

        // Changes arrive from many threads while the first callback is still running: none starts beside it.
        await NotifyFromManyThreadsAsync(feed, 50);
        Assert.Equal(1, Volatile.Read(ref calls));

        // Once it ends, the changes it missed are delivered in one more callback.
        releaseFirst.SetResult();
        await secondDone.Task.WaitAsync(Within, Ct);

        // Many more changes, each callback yielding halfway: still one at a time, and the last one arrives.
        await NotifyFromManyThreadsAsync(feed, 200);
        Volatile.Write(ref lastSent, 1);
        feed.Notify();
        await lastSeen.Task.WaitAsync(Within, Ct);
        Assert.Equal(1, Volatile.Read(ref mostInside));
    }

    private static Task NotifyFromManyThreadsAsync(ChangeFeed feed, int each) =>
        Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < each; i++)
            {
                feed.Notify();
            }
        }, Ct)));

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_more_not_even_a_change_it_was_waiting_to_deliver()
    {
        var clock = new FakeTimeProvider();
        var feed = new ChangeFeed(clock);
        var calls = 0;
        var called = new SemaphoreSlim(0);
        var subscription = feed.Subscribe(() =>
        {
            Interlocked.Increment(ref calls);
            called.Release();
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(1));

        feed.Notify();
        Assert.True(await called.WaitAsync(Within, Ct));
        feed.Notify(); // held back by the throttle
        subscription.Dispose();
        clock.Advance(TimeSpan.FromSeconds(5));
        feed.Notify();
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task A_subscriber_that_throws_does_not_stop_the_others_nor_its_own_next_callback()
    {
        var feed = new ChangeFeed();
        var throwerCalls = new SemaphoreSlim(0);
        var asyncThrowerCalls = new SemaphoreSlim(0);
        var goodCalls = new SemaphoreSlim(0);
        using var thrower = feed.Subscribe(() =>
        {
            throwerCalls.Release();
            throw new InvalidOperationException("a page failed to refresh");
        });
        using var asyncThrower = feed.Subscribe(async () =>
        {
            await Task.Yield();
            asyncThrowerCalls.Release();
            throw new InvalidOperationException("a page failed to refresh later");
        });
        using var good = feed.Subscribe(() =>
        {
            goodCalls.Release();
            return Task.CompletedTask;
        });

        for (var round = 1; round <= 2; round++)
        {
            feed.Notify();
            Assert.True(await goodCalls.WaitAsync(Within, Ct), $"round {round}: the healthy subscriber was not called");
            Assert.True(await throwerCalls.WaitAsync(Within, Ct), $"round {round}: the throwing subscriber was not called");
            Assert.True(await asyncThrowerCalls.WaitAsync(Within, Ct), $"round {round}: the subscriber that throws later was not called");
        }
    }

    [Fact]
    public void SubscriberCount_returns_to_0_after_every_subscription_is_disposed()
    {
        var feed = new ChangeFeed();
        var subscriptions = Enumerable.Range(0, 3).Select(_ => feed.Subscribe(() => Task.CompletedTask)).ToList();
        Assert.Equal(3, feed.SubscriberCount);

        subscriptions[1].Dispose();
        Assert.Equal(2, feed.SubscriberCount);
        subscriptions[1].Dispose(); // twice is harmless
        Assert.Equal(2, feed.SubscriberCount);

        subscriptions.ForEach(s => s.Dispose());
        Assert.Equal(0, feed.SubscriberCount);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    [Fact]
    public async Task Of_1000_subscriptions_with_every_other_one_disposed_a_notice_reaches_exactly_the_500_left_once_each()
    {
        var feed = new ChangeFeed();
        var calls = new int[1000];
        var all = new CountdownEvent(500);
        var subscriptions = Enumerable.Range(0, 1000).Select(i => feed.Subscribe(() =>
        {
            Interlocked.Increment(ref calls[i]);
            all.Signal();
            return Task.CompletedTask;
        })).ToList();
        for (var i = 0; i < 1000; i += 2)
        {
            subscriptions[i].Dispose();
        }

        feed.Notify();

        Assert.Equal(500, feed.SubscriberCount);
        Assert.True(await Task.Run(() => all.Wait(Within, Ct), Ct), $"{all.CurrentCount} subscribers were not called");
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Equal(i % 2, Volatile.Read(ref calls[i])));

        // Subscribing after a notice is counted and called on the next one.
        using var late = feed.Subscribe(() => { all.Signal(); return Task.CompletedTask; });
        all.Reset(501);
        feed.Notify();
        Assert.True(await Task.Run(() => all.Wait(Within, Ct), Ct), $"{all.CurrentCount} subscribers were not called");
        Assert.Equal(501, feed.SubscriberCount);
        subscriptions.ForEach(s => s.Dispose());
        Assert.Equal(1, feed.SubscriberCount);
    }
}
