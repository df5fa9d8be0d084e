namespace PortFwd.Testing.Storage;

/// <summary>
/// Holds one write at a chosen point (a database interceptor calls <see cref="HoldAsync"/> there: after the write's check,
/// before it writes, holding no database lock). A test sends another write meanwhile and lets this one go once that one
/// finished or waits for a write gate, so the two meet in one order every run, without sleeps.
/// </summary>
public sealed class HeldWrite
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    /// <summary>Completes when the write is held.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Holds the first caller until released; any later one goes on at once.</summary>
    public async Task HoldAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _held, 1) == 0)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Polls <paramref name="condition"/> (the other write finished, or waits for a gate) until true, then lets the held write go.</summary>
    public async Task ReleaseWhenAsync(Func<bool> condition, TimeSpan within, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the other write neither finished nor waited for a write gate in time");
            await Task.Delay(20, cancellationToken);
        }

        _released.TrySetResult();
    }
}
