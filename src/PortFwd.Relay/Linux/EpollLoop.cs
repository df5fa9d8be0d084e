using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using static PortFwd.Relay.Linux.LinuxSockets;

namespace PortFwd.Relay.Linux;

/// <summary>Something registered with an <see cref="EpollLoop"/>; called on the loop's thread only.</summary>
internal interface IEpollHandler
{
    /// <param name="events">The epoll event bits.</param>
    /// <param name="side">Which of the handler's descriptors (0 or 1) the events are for.</param>
    void OnEvents(uint events, int side);
}

/// <summary>
/// One thread waiting in epoll_wait and running every TCP listener and connection registered with
/// it, as haproxy and nginx do: no thread pool hop, no per-operation state, no allocation per event.
/// Everything a handler owns is touched on this thread only; other threads hand work over with
/// <see cref="Post"/>.
/// </summary>
internal sealed unsafe class EpollLoop : IDisposable
{
    /// <summary>
    /// Size of the copy buffer every connection on the loop reads into. One buffer per loop, so it can
    /// be large: 256 KiB moves a single stream about 1.6× faster than 64 KiB (fewer calls per byte).
    /// A receiver that cannot take a whole read leaves at most this much pending for its connection.
    /// </summary>
    public const int CopyBufferSize = 256 * 1024;

    /// <summary>The side a handler is called back with when a <see cref="RunLater"/> wait is over.</summary>
    public const int TimerSide = 2;

    private const int MaxEvents = 256;
    private const ulong WakeToken = ulong.MaxValue;
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly byte* _events;
    private readonly List<IEpollHandler> _again = [];
    private readonly List<IEpollHandler> _running = [];
    private readonly List<int> _releasing = [];

    // Handlers to call back at a time (Environment.TickCount64, ms): only rate-limited connections ask, so it is empty
    // (and costs nothing) unless a rule has a limit.
    private readonly PriorityQueue<IEpollHandler, long> _timers = new();
    private IEpollHandler?[] _handlers = new IEpollHandler?[64];
    private readonly Stack<int> _freeSlots = new();
    private readonly Lock _wakeLock = new();
    private readonly Lock _afterStopLock = new();
    private volatile bool _closed;
    private int _nextSlot;
    private int _awake;
    private volatile bool _stopping;

    /// <param name="logger">Where failures are logged.</param>
    /// <param name="number">Which loop this is when there are several (in the thread's name); null when it is the only one.</param>
    /// <param name="splice">Whether bulk transfers move through a pipe in the kernel (splice) instead of the copy buffer.</param>
    public EpollLoop(ILogger logger, int? number = null, bool splice = false)
    {
        Logger = logger;
        Splice = splice;
        _epoll = EpollCreate(SockCloExec);
        if (_epoll < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: {Describe(LastError)}");
        }

        _wake = EventFd(0, SockNonBlock | SockCloExec);
        if (_wake < 0)
        {
            var error = LastError;
            LinuxSockets.Close(_epoll);
            throw new InvalidOperationException($"eventfd failed: {Describe(error)}");
        }

        EpollControl(_epoll, EpollCtlAdd, _wake, EpollIn, WakeToken);
        _events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * EpollEventSize));
        CopyBuffer = (byte*)NativeMemory.Alloc(CopyBufferSize);
        _thread = new Thread(Run) { IsBackground = true, Name = number is { } n ? $"PortFwd relay (epoll {n})" : "PortFwd relay (epoll)" };
        _thread.Start();
    }

    public ILogger Logger { get; }

    /// <summary>Bulk transfers on this loop's connections splice through a pipe once a read fills the copy buffer.</summary>
    public bool Splice { get; }

    /// <summary>Clients accepted on this loop so far (written on the loop thread; read by tests of how connections spread).</summary>
    public long Accepted => Volatile.Read(ref _accepted);

    private long _accepted;

    /// <summary>Counts one accepted client. Loop thread only.</summary>
    public void CountAccepted() => Volatile.Write(ref _accepted, _accepted + 1);

    /// <summary>Connection directions that went over to splice so far (read by tests).</summary>
    public long SplicedFlows => Volatile.Read(ref _splicedFlows);

    private long _splicedFlows;

    /// <summary>Counts one direction that went over to splice. Loop thread only.</summary>
    public void CountSpliced() => Volatile.Write(ref _splicedFlows, _splicedFlows + 1);

    /// <summary>Scratch memory connections read into and send from; only valid on the loop thread.</summary>
    public byte* CopyBuffer { get; }

    public bool OnLoopThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <summary>Runs <paramref name="action"/> on the loop thread, soon.</summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        if (_closed)
        {
            RunPostedAfterStop();
            return;
        }

        if (Interlocked.Exchange(ref _awake, 1) == 0)
        {
            // Under the lock so a late post never writes to a descriptor number the loop has closed and the system reused.
            lock (_wakeLock)
            {
                if (!_closed)
                {
                    ulong one = 1;
                    Write(_wake, &one, sizeof(ulong));
                }
            }
        }

        if (_closed)
        {
            RunPostedAfterStop();
        }
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread and completes when it has run.</summary>
    public Task RunAsync(Action action)
    {
        if (OnLoopThread)
        {
            action();
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                action();
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>Takes a slot for a handler; its tokens are <c>slot * 2 + side</c>. Loop thread only.</summary>
    public int Register(IEpollHandler handler)
    {
        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _nextSlot++;
        if (slot == _handlers.Length)
        {
            Array.Resize(ref _handlers, _handlers.Length * 2);
        }

        _handlers[slot] = handler;
        return slot;
    }

    /// <summary>
    /// Gives the slot back once the events already read for it have been skipped. Its descriptors
    /// must be closed (or removed from epoll) first. Loop thread only.
    /// </summary>
    public void Release(int slot)
    {
        _handlers[slot] = null;
        _releasing.Add(slot);
    }

    public int Add(int fd, uint events, int slot, int side) =>
        EpollControl(_epoll, EpollCtlAdd, fd, events, ((ulong)(uint)slot << 1) | (uint)side);

    public int Modify(int fd, uint events, int slot, int side) =>
        EpollControl(_epoll, EpollCtlMod, fd, events, ((ulong)(uint)slot << 1) | (uint)side);

    public void Remove(int fd) => EpollControl(_epoll, EpollCtlDel, fd, 0, 0);

    /// <summary>Asks for <see cref="IEpollHandler.OnEvents"/> with no new events after this round (a handler that stopped early to be fair to others).</summary>
    public void RunAgain(IEpollHandler handler) => _again.Add(handler);

    /// <summary>
    /// Calls <see cref="IEpollHandler.OnEvents"/> with side <see cref="TimerSide"/> once <paramref name="delay"/> has
    /// passed (to the millisecond, rounded up). A handler closed meanwhile is still called and ignores it. Loop thread only.
    /// </summary>
    public void RunLater(IEpollHandler handler, TimeSpan delay) =>
        _timers.Enqueue(handler, Environment.TickCount64 + Math.Max(1, (long)Math.Ceiling(delay.TotalMilliseconds)));

    /// <summary>Stops the thread once everything posted so far has run; bounded.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        Post(() => _stopping = true);
        if (!OnLoopThread)
        {
            _thread.Join(StopWait);
        }
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                var count = EpollWait(_epoll, _events, MaxEvents, _again.Count > 0 ? 0 : _timers.Count > 0 ? UntilNextTimer() : -1);
                if (count < 0)
                {
                    if (LastError == EIntr)
                    {
                        continue;
                    }

                    EpollLog.WaitFailed(Logger, Describe(LastError));
                    break;
                }

                for (var i = 0; i < count; i++)
                {
                    var e = _events + (i * EpollEventSize);
                    var token = *(ulong*)(e + EpollDataOffset);
                    if (token == WakeToken)
                    {
                        RunPosted();
                        continue;
                    }

                    Dispatch(_handlers[(int)(token >> 1)], *(uint*)e, (int)(token & 1));
                }

                if (_again.Count > 0)
                {
                    _running.AddRange(_again);
                    _again.Clear();
                    foreach (var handler in _running)
                    {
                        Dispatch(handler, 0, -1);
                    }

                    _running.Clear();
                }

                if (_timers.Count > 0)
                {
                    RunDueTimers();
                }

                foreach (var slot in _releasing)
                {
                    _freeSlots.Push(slot);
                }

                _releasing.Clear();
            }

            RunPosted();
        }
        finally
        {
            lock (_wakeLock)
            {
                _closed = true;
                LinuxSockets.Close(_wake);
            }

            LinuxSockets.Close(_epoll);
            NativeMemory.Free(_events);
            NativeMemory.Free(CopyBuffer);
            RunPostedAfterStop();
        }
    }

    /// <summary>
    /// Once the loop has ended, posted work (closing a connection or a listener) runs on the poster's
    /// thread, one at a time, so that closing never waits for a loop that is gone.
    /// </summary>
    private void RunPostedAfterStop()
    {
        lock (_afterStopLock)
        {
            DrainPosted();
        }
    }

    private int UntilNextTimer()
    {
        _timers.TryPeek(out _, out var due);
        return (int)Math.Clamp(due - Environment.TickCount64, 0, int.MaxValue);
    }

    private void RunDueTimers()
    {
        var now = Environment.TickCount64;
        while (_timers.TryPeek(out var handler, out var due) && due <= now)
        {
            _timers.Dequeue();
            Dispatch(handler, 0, TimerSide);
        }
    }

    /// <summary>A fault in one handler is logged and must not stop the loop every other connection runs on.</summary>
    private void Dispatch(IEpollHandler? handler, uint events, int side)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler.OnEvents(events, side);
        }
        catch (Exception e)
        {
            EpollLog.HandlerFailed(Logger, e);
        }
    }

    private void RunPosted()
    {
        ulong value;
        Read(_wake, &value, sizeof(ulong));
        Volatile.Write(ref _awake, 0);
        DrainPosted();
    }

    private void DrainPosted()
    {
        while (_posted.TryDequeue(out var action))
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                EpollLog.PostedFailed(Logger, e);
            }
        }
    }
}

internal static partial class EpollLog
{
    [LoggerMessage(EventId = EventIds.EventLoopWaitFailed, Level = LogLevel.Error, Message = "Relay event loop stopped: epoll_wait failed: {Error}")]
    public static partial void WaitFailed(ILogger logger, string error);

    [LoggerMessage(EventId = EventIds.EventLoopHandlerFailed, Level = LogLevel.Error, Message = "Relay event loop: handling socket events failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.EventLoopPostedFailed, Level = LogLevel.Error, Message = "Relay event loop: a queued operation failed")]
    public static partial void PostedFailed(ILogger logger, Exception exception);
}
