namespace PortFwd.Data.Storage;

/// <summary>
/// Lets one write of a kind of configuration run at a time, its checks (conflicts, limits) and its save together, so two
/// writes never both pass a check that only one of them could. A store holds its own; a restore, which rewrites several
/// kinds at once, holds theirs all for its whole read, plan and save.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private int _waiting;

    /// <summary>How many writes wait for the gate now (one holding it does not count).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Waits for the gate; disposing the answer lets the next write in.</summary>
    public async Task<Held> EnterAsync(CancellationToken cancellationToken)
    {
        if (!_semaphore.Wait(0, CancellationToken.None))
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await _semaphore.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        return new Held(_semaphore);
    }

    /// <summary>Takes every gate of <paramref name="gates"/>, in the order given (always the same order, so two holders never wait on each other).</summary>
    public static async Task<IDisposable> EnterAllAsync(IReadOnlyList<WriteGate> gates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var held = new Stack<Held>(gates.Count);
        try
        {
            foreach (var gate in gates)
            {
                held.Push(await gate.EnterAsync(cancellationToken));
            }
        }
        catch
        {
            ReleaseAll(held);
            throw;
        }

        return new AllHeld(held);
    }

    private static void ReleaseAll(Stack<Held> held)
    {
        while (held.TryPop(out var one))
        {
            one.Dispose();
        }
    }

    /// <summary>The gate, held until disposed.</summary>
    public readonly struct Held(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }

    private sealed class AllHeld(Stack<Held> held) : IDisposable
    {
        public void Dispose() => ReleaseAll(held);
    }
}
