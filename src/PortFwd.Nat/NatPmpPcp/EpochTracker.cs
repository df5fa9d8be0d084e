namespace PortFwd.Nat.NatPmpPcp;

/// <summary>Detects a router restart from the seconds-since-start-of-epoch that NAT-PMP and PCP put in every
/// answer (and from the UPnP uptime): the value must grow about as fast as our own clock. The checks follow
/// RFC 6887 section 8.5, which refines RFC 6886 section 3.6.</summary>
internal sealed class EpochTracker(TimeProvider time)
{
    private readonly Lock _lock = new();
    private uint? _lastEpoch;
    private long _lastTimestamp;
    private long _restarts;

    public long Restarts => Interlocked.Read(ref _restarts);

    public uint? LastEpoch
    {
        get { lock (_lock)
            {
                return _lastEpoch;
            }
        }
    }

    /// <summary>Records an epoch value; true when it shows the router lost its state since the last one.</summary>
    public bool Observe(uint epoch)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var restarted = false;
            if (_lastEpoch is { } previous)
            {
                var clientDelta = time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
                var serverDelta = (double)epoch - previous;
                restarted = serverDelta < -1
                    || clientDelta + 2 < serverDelta - serverDelta / 16
                    || serverDelta + 2 < clientDelta - clientDelta / 16;
            }

            _lastEpoch = epoch;
            _lastTimestamp = now;
            if (restarted)
            {
                Interlocked.Increment(ref _restarts);
            }

            return restarted;
        }
    }
}
