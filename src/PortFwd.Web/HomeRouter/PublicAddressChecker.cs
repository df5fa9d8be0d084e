using Microsoft.Extensions.Options;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.HomeRouter;

/// <summary>
/// Something that needs the public address (an enabled Dynamic DNS name, a reachability check). Echo services on the
/// internet are asked only while one of these says so and the router cannot give the address.
/// </summary>
public interface IPublicAddressNeed
{
    /// <summary>True while something enabled needs the public address.</summary>
    bool NeedsPublicAddress { get; }
}

/// <summary>
/// Keeps <see cref="PublicAddress"/> current when the router cannot: every <c>PortFwd:PublicAddress:CheckSeconds</c>,
/// right after the router tells something new, and when <see cref="PublicAddress.RequestCheck"/> asks, it asks <see cref="AddressEcho"/>,
/// but only if an <see cref="IPublicAddressNeed"/> needs the address, the router client is not still searching, and the router's own address is not public.
/// </summary>
public sealed partial class PublicAddressChecker : BackgroundService
{
    private readonly PublicAddress _publicAddress;
    private readonly RouterStatusBoard _router;
    private readonly AddressEcho _echo;
    private readonly IEnumerable<IPublicAddressNeed> _needs;
    private readonly IOptionsMonitor<PublicAddressOptions> _options;
    private readonly ILogger<PublicAddressChecker> _logger;
    private readonly TimeProvider _time;
    private readonly WakeSignal _wake = new();
    private readonly IDisposable _routerFollow;
    private readonly IDisposable _requestFollow;
    private readonly IDisposable _searchFollow;
    private string? _lastProblem;
    private volatile bool _checkRequested;

    public PublicAddressChecker(PublicAddress publicAddress, RouterStatusBoard router, AddressEcho echo, IEnumerable<IPublicAddressNeed> needs,
        IOptionsMonitor<PublicAddressOptions> options, TimeProvider time, ILogger<PublicAddressChecker> logger)
    {
        _time = time;
        _publicAddress = publicAddress;
        _router = router;
        _echo = echo;
        _needs = needs;
        _options = options;
        _logger = logger;
        // The router told something new, or something asked: check now, even if the last echo answer is recent.
        _routerFollow = publicAddress.RouterUpdates.Subscribe(WakeForCheck);
        _requestFollow = publicAddress.CheckRequests.Subscribe(WakeForCheck);
        // The end of a search (router found or not) decides whether the internet must be asked.
        _searchFollow = router.Updates.Subscribe(Wake);
    }

    /// <summary>Why the last check found no address (every echo service failed), for people; null when it found one.</summary>
    public string? LastProblem => Volatile.Read(ref _lastProblem);


    /// <summary>One check: asks the echo services when the address is needed and the router cannot give it.</summary>
    /// <returns>True when an echo service was asked.</returns>
    public async Task<bool> CheckOnceAsync(CancellationToken ct)
    {
        // While the router client is still searching, the router may yet give the address: the internet is not asked.
        if (_publicAddress.Current.RouterGivesAddress || _router.Snapshot.State == RouterState.Searching
            || !_needs.Any(n => n.NeedsPublicAddress) || _options.CurrentValue.ParsedEchoUrls.Count == 0)
        {
            return false;
        }

        // Any other change of the router's status (a search ending, a mapping renewed) wakes the loop too; an echo answer
        // younger than the check interval still holds then, and the services are not asked again.
        var requested = _checkRequested;
        _checkRequested = false;
        if (!requested && _publicAddress.Current.Echo is { } last
            && _time.GetUtcNow() - last.At < TimeSpan.FromSeconds(_options.CurrentValue.CheckSeconds))
        {
            return false;
        }

        var asked = await _echo.AskAsync(ct);
        if (asked.IsSuccess)
        {
            Volatile.Write(ref _lastProblem, null);
            _publicAddress.LearnFromEcho(asked.Value);
        }
        else
        {
            // Said once per new problem, not every few minutes while the network is down.
            if (Interlocked.Exchange(ref _lastProblem, asked.Error.Message) != asked.Error.Message)
            {
                LogEchoFailed(asked.Error.Message);
            }
        }

        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(_options.CurrentValue.CheckSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckOnceAsync(stoppingToken);
                await _wake.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _routerFollow.Dispose();
        _requestFollow.Dispose();
        _searchFollow.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    private Task WakeForCheck()
    {
        _checkRequested = true;
        return Wake();
    }

    private Task Wake()
    {
        _wake.Set();
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = EventIds.PublicAddressEchoFailed, Level = LogLevel.Warning, Message = "No echo service gave the public address: {Problem}")]
    private partial void LogEchoFailed(string problem);
}
