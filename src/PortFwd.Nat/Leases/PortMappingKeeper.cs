using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PortFwd.Nat;

/// <summary>Keeps port mappings open on a router: renews each lease at half-life, retries failures (sooner as
/// the lease runs out), reports every success and failure as an event and in the log, and re-adds mappings
/// that vanished from the router or were lost in a router restart. Call <see cref="Start"/> to run it in the
/// background, or <see cref="RenewDueAsync"/> / <see cref="ResyncAsync"/> from your own loop.</summary>
public sealed partial class PortMappingKeeper : IAsyncDisposable
{
    private readonly PortMappingKeeperOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(PortProtocol, int), KeptMapping> _kept = [];
    private readonly Lock _stateLock = new();
    private long _knownRestarts;
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PortMappingKeeper(INatDevice device, PortMappingKeeperOptions? options = null, TimeProvider? timeProvider = null,
        ILogger<PortMappingKeeper>? logger = null)
    {
        Device = device ?? throw new ArgumentNullException(nameof(device));
        _options = options ?? new PortMappingKeeperOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _knownRestarts = device.RestartsDetected;
    }

    public INatDevice Device { get; }

    /// <summary>Raised for every add, renewal, re-add, failure and removal (on the thread doing the work).</summary>
    public event EventHandler<LeaseEventArgs>? LeaseChanged;

    /// <summary>A snapshot of the mappings kept.</summary>
    public IReadOnlyList<KeptMapping> Mappings
    {
        get
        {
            lock (_stateLock)
            {
                return [.. _kept.Values.OrderBy(k => k.Request.ExternalPort).ThenBy(k => k.Request.Protocol)];
            }
        }
    }

    /// <summary>Adds the mapping and keeps it. A failed add is still kept and retried; the result says what the
    /// router answered this time. The external port must be fixed (not 0).</summary>
    public async Task<NatResult<PortMapping>> AddAsync(MappingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ExternalPort == 0)
        {
            return new NatError(NatErrorKind.InvalidArguments, "A kept mapping needs a fixed external port.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            SetKept(new KeptMapping(request));
            var result = await MapAsync(request, LeaseEventKind.Added, LeaseEventKind.AddFailed, cancellationToken);
            _wake.TrySetResult();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops keeping the mapping and deletes it from the router.</summary>
    public async Task<NatResult> RemoveAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            KeptMapping? kept;
            lock (_stateLock)
            {
                _kept.Remove((protocol, externalPort), out kept);
            }

            var result = await Device.DeletePortMapAsync(protocol, externalPort, cancellationToken);
            if (kept is not null)
            {
                if (result.IsSuccess)
                {
                    LogRemoved(_logger, externalPort, protocol);
                }
                else
                {
                    LogFailure(_logger, LeaseEventKind.Removed, externalPort, protocol, result.Error.Message);
                }

                Raise(new LeaseEventArgs(LeaseEventKind.Removed, kept.Request, _time.GetUtcNow()) { Error = result.Error });
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Renews every mapping whose renewal (or retry) time has come.</summary>
    public async Task RenewDueAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            foreach (var kept in Mappings.Where(k => k.NextAttempt is { } t && t <= now))
            {
                var lost = kept.Mapping is null ? LeaseEventKind.AddFailed : LeaseEventKind.RenewFailed;
                await MapAsync(kept.Request, kept.Mapping is null ? LeaseEventKind.Added : LeaseEventKind.Renewed, lost, cancellationToken);
            }

            await ReaddAfterRestartAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asks the router about its state and each kept mapping; re-adds those that vanished or point elsewhere,
    /// and everything after a detected router restart.</summary>
    public async Task ResyncAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // A status call lets the device notice a restart (epoch / uptime); the error, if any, shows below.
            _ = await Device.GetStatusAsync(cancellationToken);
            if (await ReaddAfterRestartAsync(cancellationToken))
            {
                return;
            }

            foreach (var kept in Mappings)
            {
                var found = await Device.GetSpecificMappingAsync(kept.Request.Protocol, kept.Request.ExternalPort, cancellationToken);
                if (!found.IsSuccess)
                {
                    Raise(new LeaseEventArgs(LeaseEventKind.CheckFailed, kept.Request, _time.GetUtcNow()) { Error = found.Error });
                    LogFailure(_logger, LeaseEventKind.CheckFailed, kept.Request.ExternalPort, kept.Request.Protocol, found.Error.Message);
                    continue;
                }

                var client = kept.Request.InternalClient ?? Device.LocalAddress;
                if (found.Value is { } m && m.InternalClient.Equals(client) && m.InternalPort == kept.Request.InternalPort)
                {
                    continue;
                }

                await MapAsync(kept.Request, LeaseEventKind.Readded, LeaseEventKind.Lost, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs renewals and resyncs in the background until <see cref="StopAsync"/> or disposal.</summary>
    public void Start()
    {
        lock (_stateLock)
        {
            if (_loop is not null)
            {
                return;
            }

            _stop = new CancellationTokenSource();
            _loop = Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>Stops the background loop. Mappings stay on the router until their leases end.</summary>
    public async Task StopAsync()
    {
        Task? loop;
        lock (_stateLock)
        {
            loop = _loop;
            _stop?.Cancel();
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        lock (_stateLock)
        {
            _stop?.Dispose();
            _stop = null;
            _loop = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _gate.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var nextResync = _time.GetUtcNow() + _options.ResyncInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = _wake.Task;
            try
            {
                await RenewDueAsync(cancellationToken);
                if (_time.GetUtcNow() >= nextResync)
                {
                    await ResyncAsync(cancellationToken);
                    nextResync = _time.GetUtcNow() + _options.ResyncInterval;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // the loop must survive anything one pass throws; it is logged
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogLoopError(_logger, e);
            }

            var next = Mappings.Select(k => k.NextAttempt).OfType<DateTimeOffset>().Append(nextResync).Min();
            var delay = next - _time.GetUtcNow();
            if (delay < TimeSpan.FromMilliseconds(50))
            {
                delay = TimeSpan.FromMilliseconds(50);
            }

            try
            {
                await Task.WhenAny(Task.Delay(delay, _time, cancellationToken), wake);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (wake.IsCompleted)
            {
                Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }
        }
    }

    private async Task<bool> ReaddAfterRestartAsync(CancellationToken cancellationToken)
    {
        var restarts = Device.RestartsDetected;
        if (restarts == Interlocked.Exchange(ref _knownRestarts, restarts))
        {
            return false;
        }

        var all = Mappings;
        LogRestart(_logger, Device.Name, all.Count);
        foreach (var kept in all)
        {
            Raise(new LeaseEventArgs(LeaseEventKind.RouterRestarted, kept.Request, _time.GetUtcNow()));
        }

        foreach (var kept in all)
        {
            await MapAsync(kept.Request, LeaseEventKind.Readded, LeaseEventKind.Lost, cancellationToken);
        }

        return true;
    }

    private async Task<NatResult<PortMapping>> MapAsync(MappingRequest request, LeaseEventKind onSuccess, LeaseEventKind onFailure,
        CancellationToken cancellationToken)
    {
        var result = await Device.CreatePortMapAsync(request, cancellationToken);
        var now = _time.GetUtcNow();
        KeptMapping previous;
        lock (_stateLock)
        {
            // Removed meanwhile (RemoveAsync runs under the same gate, so only before this call): nothing to record.
            if (!_kept.TryGetValue((request.Protocol, request.ExternalPort), out previous!))
            {
                return result;
            }
        }

        KeptMapping updated;
        if (result.IsSuccess)
        {
            var m = result.Value!;
            DateTimeOffset? renew = m.Lease > TimeSpan.Zero ? now + m.Lease / 2 : null;
            updated = previous with { Mapping = m, LastError = null, NextAttempt = renew, LastSuccess = now, ConsecutiveFailures = 0 };
            // Renewals come every half-life: routine, so below the default log level.
            if (onSuccess == LeaseEventKind.Renewed)
            {
                LogRenewed(_logger, m.ExternalPort, m.Protocol, renew);
            }
            else
            {
                LogSuccess(_logger, onSuccess, m.ExternalPort, m.Protocol, m.InternalClient.ToString(), m.InternalPort);
            }
        }
        else
        {
            var retry = _options.RetryDelay;
            if (previous.Mapping?.ExpiresAt is { } end && end > now && (end - now) / 2 < retry)
            {
                retry = (end - now) / 2;
            }

            if (retry < TimeSpan.FromSeconds(1))
            {
                retry = TimeSpan.FromSeconds(1);
            }

            updated = previous with { LastError = result.Error, NextAttempt = now + retry, ConsecutiveFailures = previous.ConsecutiveFailures + 1 };
            LogFailure(_logger, onFailure, request.ExternalPort, request.Protocol, result.Error.Message);
        }

        SetKept(updated);
        Raise(new LeaseEventArgs(result.IsSuccess ? onSuccess : onFailure, request, now)
        {
            Mapping = result.Value,
            Error = result.Error,
            NextAttempt = updated.NextAttempt,
        });
        return result;
    }

    private void SetKept(KeptMapping kept)
    {
        lock (_stateLock)
        {
            _kept[(kept.Request.Protocol, kept.Request.ExternalPort)] = kept;
        }
    }

    private void Raise(LeaseEventArgs e) => LeaseChanged?.Invoke(this, e);

    [LoggerMessage(EventId = EventIds.MappingSucceeded, Level = LogLevel.Information, Message = "Router mapping {Kind}: {ExternalPort}/{Protocol} -> {InternalClient}:{InternalPort}")]
    private static partial void LogSuccess(ILogger logger, LeaseEventKind kind, int externalPort, PortProtocol protocol, string internalClient, int internalPort);

    [LoggerMessage(EventId = EventIds.MappingFailed, Level = LogLevel.Warning, Message = "Router mapping {Kind}: {ExternalPort}/{Protocol}: {Reason}")]
    private static partial void LogFailure(ILogger logger, LeaseEventKind kind, int externalPort, PortProtocol protocol, string reason);

    [LoggerMessage(EventId = EventIds.MappingRenewed, Level = LogLevel.Debug, Message = "Router mapping renewed: {ExternalPort}/{Protocol}; next renewal {NextRenewal}")]
    private static partial void LogRenewed(ILogger logger, int externalPort, PortProtocol protocol, DateTimeOffset? nextRenewal);

    [LoggerMessage(EventId = EventIds.MappingRemoved, Level = LogLevel.Information, Message = "Router mapping removed: {ExternalPort}/{Protocol}")]
    private static partial void LogRemoved(ILogger logger, int externalPort, PortProtocol protocol);

    [LoggerMessage(EventId = EventIds.RouterRestarted, Level = LogLevel.Warning, Message = "Router '{Router}' restarted and lost its mappings; re-adding {Count}")]
    private static partial void LogRestart(ILogger logger, string router, int count);

    [LoggerMessage(EventId = EventIds.KeeperPassFailed, Level = LogLevel.Error, Message = "Lease keeper pass failed")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}
