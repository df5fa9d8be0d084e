using System.Collections.Concurrent;
using System.Net;
using PortFwd.Core.DynamicDns;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.DynamicDns;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.DynamicDns;

/// <summary>Where one name stands, for the page and the API.</summary>
/// <param name="LastUpdate">The newest update sent (or refused before sending); null before the first.</param>
/// <param name="NextCheckAt">When the name may be updated next, when the updater waits for a time (retry, the one-a-minute limit).</param>
public sealed record DdnsNameStatus(DdnsUpdate? LastUpdate, DateTimeOffset? NextCheckAt);

/// <summary>
/// Keeps every enabled Dynamic DNS name pointed at the public address. Each pass reads the saved names and
/// <see cref="PublicAddress"/> and sends an update for a name only when: it was not sent since the panel started, the
/// address differs from the one the provider last accepted, its settings changed since, or 25 days passed (free names
/// are dropped for inactivity). A name the provider refused (bad credentials, no such host) is not sent again until its
/// settings change; one that failed for now waits for its retry time; and no name is sent more than once a minute, whatever happens.
/// Passes run on its own change signal, on <see cref="PublicAddress.Updates"/>, and every minute.
/// </summary>
public sealed partial class DdnsUpdater : BackgroundService, IPublicAddressNeed
{
    /// <summary>Free names (No-IP) expire when not updated for 30 days.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromDays(25);

    /// <summary>Never more than one request per name in this time.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMinutes(1);

    private readonly DdnsStore _store;
    private readonly DdnsProviders _providers;
    private readonly IDdnsSecrets _secrets;
    private readonly PublicAddress _publicAddress;
    private readonly IIpv6AddressSource _ipv6;
    private readonly TimeProvider _time;
    private readonly ILogger<DdnsUpdater> _logger;
    private readonly WakeSignal _wake = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly ConcurrentDictionary<int, NameState> _states = new();
    private readonly IDisposable _addressFollow;
    private readonly IDdnsChangeSignal _signal;
    private volatile bool _needsAddress;
    private bool _loaded;

    public DdnsUpdater(DdnsStore store, DdnsProviders providers, IDdnsSecrets secrets, PublicAddress publicAddress, IIpv6AddressSource ipv6,
        IDdnsChangeSignal signal, TimeProvider time, ILogger<DdnsUpdater> logger)
    {
        _store = store;
        _providers = providers;
        _secrets = secrets;
        _publicAddress = publicAddress;
        _ipv6 = ipv6;
        _signal = signal;
        _time = time;
        _logger = logger;
        _signal.Changed += OnNameChanged;
        _addressFollow = publicAddress.Updates.Subscribe(() =>
        {
            _wake.Set();
            return Task.CompletedTask;
        });
        Updates = new ChangeFeed(time);
    }

    /// <summary>Notified after every update sent and every name saved or deleted (a page shows the new list and results).</summary>
    public ChangeFeed Updates { get; }

    public bool NeedsPublicAddress => _needsAddress;

    public DdnsNameStatus StatusOf(int id) =>
        _states.TryGetValue(id, out var state) ? new DdnsNameStatus(state.LastUpdate, state.NextCheckAt) : new DdnsNameStatus(null, null);

    /// <summary>One pass over every saved name; sends the updates that are due.</summary>
    public async Task PassAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var names = await _store.GetAllAsync(ct);
        // Only A records need the public IPv4 address; an AAAA record takes the machine's own IPv6 address.
        var needed = names.Any(n => n.Enabled && n.Ipv4);
        var neededBefore = _needsAddress;
        _needsAddress = needed;
        if (needed && !neededBefore && !_publicAddress.Current.RouterGivesAddress)
        {
            // The checker asks echo services only while something needs the address: now something does.
            _publicAddress.RequestCheck();
        }

        foreach (var id in _states.Keys.Except(names.Select(n => n.Id)))
        {
            _states.TryRemove(id, out _);
        }

        var ipv4 = _publicAddress.Current.Address;
        var ipv6 = names.Any(n => n.Enabled && n.Ipv6) ? _ipv6.GlobalAddress() : null;
        foreach (var name in names.Where(n => n.Enabled))
        {
            var state = _states.GetOrAdd(name.Id, _ => new NameState());
            var outgoing = Outgoing.For(name, ipv4, ipv6);
            if (outgoing.Nothing is { } why)
            {
                ShowWaiting(name, state, why);
            }
            else if (IsDue(name, state, outgoing.Addresses, _time.GetUtcNow()))
            {
                await SendAsync(name, state, outgoing, ct);
            }
        }
    }

    /// <summary>
    /// Sends one update of a name now, when the user asks ("Update now"), even if it is stopped or waiting to retry;
    /// only the one-a-minute limit still holds. Null when there is no such name.
    /// </summary>
    public async Task<DdnsUpdate?> UpdateNowAsync(int id, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (await _store.GetAsync(id, ct) is not { } name)
        {
            return null;
        }

        var state = _states.GetOrAdd(id, _ => new NameState());
        var outgoing = Outgoing.For(name, _publicAddress.Current.Address, name.Ipv6 ? _ipv6.GlobalAddress() : null);
        if (outgoing.Nothing is { } why)
        {
            return new DdnsUpdate { NameId = id, Time = _time.GetUtcNow(), Status = DdnsStatus.Pending, Said = why };
        }

        return await SendAsync(name, state, outgoing, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(e);
            }

            try
            {
                await _wake.WaitAsync(MinimumGap, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _signal.Changed -= OnNameChanged;
        _addressFollow.Dispose();
        _wake.Dispose();
        _sendGate.Dispose();
        base.Dispose();
    }

    private void OnNameChanged(DdnsChange change)
    {
        _wake.Set();
        Updates.Notify();
    }

    /// <summary>
    /// Shows why a name that has never been sent waits (no public address yet, no global IPv6 address); a name already
    /// sent keeps its last result until there is something to send.
    /// </summary>
    private void ShowWaiting(DdnsName name, NameState state, ValidationMessage why)
    {
        if (state.LastSentAt is not null || state.LastUpdate is { Status: not DdnsStatus.Pending } || state.LastUpdate?.Said == why)
        {
            return;
        }

        state.LastUpdate = new DdnsUpdate { NameId = name.Id, Time = _time.GetUtcNow(), Status = DdnsStatus.Pending, Said = why };
        Updates.Notify();
    }

    private static bool IsDue(DdnsName name, NameState state, string addresses, DateTimeOffset now)
    {
        if (state.LastSentAt is { } sent && now - sent < MinimumGap)
        {
            return false;
        }

        var last = state.LastUpdate;
        var settingsChangedSince = last is null || name.UpdatedAt > last.Time;
        if (last?.Status == DdnsStatus.Stopped && !settingsChangedSince)
        {
            return false;
        }

        if (last?.Status == DdnsStatus.Retrying && !settingsChangedSince && state.RetryAt > now)
        {
            return false;
        }

        return state.LastSentAt is null
            || settingsChangedSince
            || last?.Status == DdnsStatus.Retrying
            || state.Accepted is not { } accepted
            || accepted.Address != addresses
            || now - accepted.Time >= RefreshAfter;
    }

    private async Task<DdnsUpdate> SendAsync(DdnsName name, NameState state, Outgoing outgoing, CancellationToken ct)
    {
        await _sendGate.WaitAsync(ct);
        try
        {
            // Checked again inside the gate: a pass and "Update now" may both have found the name due.
            var now = _time.GetUtcNow();
            if (state.LastSentAt is { } sent && now - sent < MinimumGap)
            {
                return new DdnsUpdate { NameId = name.Id, Time = now, Address = state.LastUpdate?.Address, Status = DdnsStatus.Retrying,
                    Said = DdnsUpdateMessages.TooSoon.With() };
            }

            var answer = await AskProviderAsync(name, outgoing, ct);
            var said = outgoing.Note is { } note ? DdnsUpdateMessages.Joined.With(answer.Said, note) : answer.Said;
            var update = new DdnsUpdate { NameId = name.Id, Time = now, Address = outgoing.Addresses, Status = answer.Status, Said = said };
            state.LastSentAt = now;
            state.LastUpdate = update;
            state.RetryAt = answer.RetryAfter is { } pause ? now + pause : null;
            if (answer.Status.IsAccepted())
            {
                state.Accepted = update;
            }

            await _store.RecordAsync(update, ct);
            if (answer.Status == DdnsStatus.Stopped)
            {
                LogStopped(name.HostName, name.Provider.ToDisplayName(), answer.Message);
            }
            else
            {
                LogUpdated(name.HostName, name.Provider.ToDisplayName(), outgoing.Addresses, answer.Status.ToName());
            }

            Updates.Notify();
            return update;
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task<DdnsAnswer> AskProviderAsync(DdnsName name, Outgoing outgoing, CancellationToken ct)
    {
        string? password = null;
        string? token = null;
        if (name.ProtectedPassword is { } protectedPassword && (password = _secrets.Unprotect(protectedPassword)) is null
            || name.ProtectedToken is { } protectedToken && (token = _secrets.Unprotect(protectedToken)) is null)
        {
            return DdnsAnswer.Stop(DdnsUpdateMessages.SecretUnreadable.With());
        }

        return await _providers.For(name.Provider).UpdateAsync(new DdnsRequest(name, outgoing.Ipv4, password, token, outgoing.Ipv6), ct);
    }

    /// <summary>The last results survive a restart: a stopped name stays stopped, and the accepted address is known.</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        if (_loaded)
        {
            return;
        }

        var last = await _store.LastUpdatesAsync(ct);
        var accepted = await _store.LastAcceptedAsync(ct);
        foreach (var id in last.Keys.Union(accepted.Keys))
        {
            var state = _states.GetOrAdd(id, _ => new NameState());
            state.LastUpdate = last.GetValueOrDefault(id);
            state.Accepted = accepted.GetValueOrDefault(id);
        }

        _loaded = true;
    }

    [LoggerMessage(EventId = EventIds.DdnsUpdated, Level = LogLevel.Information, Message = "Dynamic DNS {HostName} ({Provider}) sent {Address}: {Status}")]
    private partial void LogUpdated(string hostName, string provider, string address, string status);

    [LoggerMessage(EventId = EventIds.DdnsStopped, Level = LogLevel.Warning, Message = "Dynamic DNS {HostName} ({Provider}) stopped until its settings change: {Reason}")]
    private partial void LogStopped(string hostName, string provider, string reason);

    [LoggerMessage(EventId = EventIds.DdnsPassFailed, Level = LogLevel.Error, Message = "A Dynamic DNS pass failed; the next one runs in a minute")]
    private partial void LogPassFailed(Exception exception);

    /// <summary>
    /// The addresses one name's update carries: the public IPv4 address when it keeps its A record, the machine's global
    /// IPv6 address when it keeps its AAAA record. <see cref="Nothing"/> says why there is nothing to send;
    /// <see cref="Note"/> why the AAAA record is left as it is while the A record is sent.
    /// </summary>
    private sealed record Outgoing(IPAddress? Ipv4, IPAddress? Ipv6, ValidationMessage? Nothing, ValidationMessage? Note)
    {
        public static readonly ValidationMessage NoIpv4 = DdnsUpdateMessages.NoPublicAddress.With();

        public static readonly ValidationMessage NoIpv6 = DdnsUpdateMessages.NoIpv6.With();

        /// <summary>What history shows and what is compared with the address the provider last accepted.</summary>
        public string Addresses => DdnsRequest.Join(Ipv4, Ipv6);

        public static Outgoing For(DdnsName name, IPAddress? publicIpv4, IPAddress? machineIpv6)
        {
            var ipv6 = name.Ipv6 ? machineIpv6 : null;
            var note = name.Ipv6 && ipv6 is null ? NoIpv6 : null;
            if (name.Ipv4 && publicIpv4 is null)
            {
                return new Outgoing(null, null, NoIpv4, null);
            }

            if (!name.Ipv4 && ipv6 is null)
            {
                return new Outgoing(null, null, NoIpv6, null);
            }

            return new Outgoing(name.Ipv4 ? publicIpv4 : null, ipv6, null, note);
        }
    }

    /// <summary>What the updater knows of one name between passes.</summary>
    private sealed class NameState
    {
        /// <summary>When an update was last sent since the panel started; null before the first (so one is sent at start).</summary>
        public DateTimeOffset? LastSentAt { get; set; }

        public DdnsUpdate? LastUpdate { get; set; }

        /// <summary>The newest update the provider accepted: the address the name points to.</summary>
        public DdnsUpdate? Accepted { get; set; }

        public DateTimeOffset? RetryAt { get; set; }

        public DateTimeOffset? NextCheckAt => RetryAt is { } retry ? retry : LastSentAt is { } sent ? sent + MinimumGap : null;
    }
}
