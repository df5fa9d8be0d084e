namespace PortFwd.Web.Hosting;

/// <summary>
/// "Something changed" notices from a service to the pages that show it. A page subscribes with a
/// callback and disposes the subscription when it goes away. A throttle turns a burst of changes (every
/// rule's status at start, a counter every second) into at most one callback per interval; the last
/// change is always delivered, and callbacks of one subscription never overlap.
/// </summary>
public sealed class ChangeFeed
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly HashSet<Subscription> _subscriptions = [];

    // What Notify walks; rebuilt once after subscriptions changed, so a page of 1,000 rows that each subscribe (and later
    // each let go) costs linear time, not a copy of the whole list per subscription.
    private Subscription[]? _snapshot = [];

    public ChangeFeed()
        : this(TimeProvider.System)
    {
    }

    public ChangeFeed(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>How many subscriptions are open (a page that forgets to dispose shows here).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Calls <paramref name="onChange"/> after changes, at most once per <paramref name="throttle"/>.</summary>
    public IDisposable Subscribe(Func<Task> onChange, TimeSpan throttle = default)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        ArgumentOutOfRangeException.ThrowIfLessThan(throttle, TimeSpan.Zero);
        var subscription = new Subscription(this, onChange, throttle);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
            _snapshot = null;
        }

        return subscription;
    }

    /// <summary>Tells every subscriber that something changed. Cheap, never waits on a subscriber, never throws.</summary>
    public void Notify()
    {
        foreach (var subscription in Volatile.Read(ref _snapshot) ?? Snapshot())
        {
            subscription.Signal();
        }
    }

    private Subscription[] Snapshot()
    {
        lock (_gate)
        {
            if (_snapshot is not { } snapshot)
            {
                snapshot = [.. _subscriptions];
                Volatile.Write(ref _snapshot, snapshot);
            }

            return snapshot;
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscriptions.Remove(subscription))
            {
                _snapshot = null;
            }
        }
    }

    private sealed class Subscription(ChangeFeed feed, Func<Task> onChange, TimeSpan throttle) : IDisposable
    {
        private readonly Lock _lock = new();
        private bool _pending;
        private bool _scheduled;
        private bool _running;
        private bool _disposed;
        private long _lastRun = long.MinValue;
        private ITimer? _timer;

        public void Signal()
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _pending = true;
                if (!_running && !_scheduled)
                {
                    ScheduleLocked();
                }
            }
        }

        private void ScheduleLocked()
        {
            _scheduled = true;
            var wait = _lastRun == long.MinValue ? TimeSpan.Zero : throttle - feed._time.GetElapsedTime(_lastRun);
            if (wait <= TimeSpan.Zero)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.RunAsync(), this, preferLocal: false);
                return;
            }

            _timer?.Dispose();
            _timer = feed._time.CreateTimer(static s => _ = ((Subscription)s!).RunAsync(), this, wait, Timeout.InfiniteTimeSpan);
        }

        private async Task RunAsync()
        {
            lock (_lock)
            {
                _scheduled = false;
                if (_disposed || !_pending)
                {
                    return;
                }

                _pending = false;
                _running = true;
                _lastRun = feed._time.GetTimestamp();
            }

            try
            {
                await onChange();
            }
            catch (Exception)
            {
                // The subscriber owns its errors (pages hand them to the renderer); a feed must keep feeding the others.
            }
            finally
            {
                lock (_lock)
                {
                    _running = false;
                    if (_pending && !_disposed)
                    {
                        ScheduleLocked();
                    }
                }
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                _timer?.Dispose();
                _timer = null;
            }

            feed.Remove(this);
        }
    }

}
