namespace PortFwd.Web.Hosting;

/// <summary>
/// Wakes a background loop early. Any number of <see cref="Set"/> calls while the loop is busy count as
/// one: the next pass reads the whole state anyway.
/// </summary>
internal sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try
            {
                _semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller set it in between; one wake is enough.
            }
        }
    }

    /// <summary>Waits until <see cref="Set"/> is called or <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
