using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Web.Certificates;
using PortFwd.Web.Hosting;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// Makes what runs match what is saved: relay listeners for TCP/UDP rules, a YARP listener per
/// HTTP port (HTTPS with each rule's certificate when its rules use TLS), and a redirect listener per plain
/// HTTP port that HTTPS rules redirect from. It wakes on every stored change, every certificate change and
/// on a periodic resync, rebuilds everything from the database on start, and is idempotent. A rule that fails is marked with the reason and retried
/// on the next pass; it never stops the others.
/// </summary>
public sealed partial class RuleReconciler(
    IRuleSource rules,
    IRuleChangeSignal changes,
    RelayEngine relay,
    RuleStatusBoard statuses,
    HttpTrafficMeter httpMeter,
    CertificateService certificates,
    AcmeChallengeAnswers challengeAnswers,
    Certificates.Acme.AcmeProgress acmeProgress,
    Blocklist.BlockedAddresses blocked,
    IOptionsMonitor<PortFwdOptions> options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<RuleReconciler> logger) : BackgroundService
{
    private static readonly IReadOnlyDictionary<int, ServedCertificate?> NoCertificates = new Dictionary<int, ServedCertificate?>();

    private readonly WakeSignal _wake = new();
    private ScheduleAlarm? _scheduleAlarm;
    private readonly Dictionary<(IPAddress Address, int Port), HttpPortHost> _httpHosts = [];
    private readonly Dictionary<(IPAddress Address, int Port), RedirectPortHost> _redirectHosts = [];
    private IDisposable? _certificateChanges;
    private IDisposable? _acmeChanges;
    private IDisposable? _settingsChanges;

    // The ports a plain HTTP listener (redirect or plain rule) holds, which answer ACME challenges: read by the ACME issuer.
    private volatile HashSet<int> _plainHttpPorts = [];
    private readonly HashSet<int> _relayed = [];

    // Each relayed rule's endpoints as the status board shows them, kept while the relay returns the same list: a pass
    // over a 10,000-port range then formats nothing and the board compares one reference.
    private readonly Dictionary<int, (IReadOnlyList<RelayEndpoint> Endpoints, string[] Text)> _listening = [];
    private readonly HashSet<int> _known = [];

    private PortHostServices PortHostServices => field ??= new(loggerFactory, httpMeter, challengeAnswers, blocked);

    private ScheduleAlarm ScheduleAlarm => _scheduleAlarm ??= new(time, _wake.Set);

    /// <summary>When the current pass started, for the systemd watchdog (Hosting/SystemdWatchdog).</summary>
    internal LoopHeartbeat Heartbeat { get; } = new(time);

    /// <summary>When the next schedule boundary wakes the reconciler; null when no enabled rule has a schedule.</summary>
    public DateTimeOffset? NextScheduleChange => _scheduleAlarm?.Due;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Changed += OnChanged;
        _certificateChanges = certificates.Updates.Subscribe(() =>
        {
            _wake.Set();
            return Task.CompletedTask;
        });
        _acmeChanges = acmeProgress.Updates.Subscribe(() =>
        {
            _wake.Set();
            return Task.CompletedTask;
        });
        // A default listen address changed on the Settings page moves the rules that use it at once.
        _settingsChanges = options.OnChange(_ => _wake.Set());
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var resync = TimeSpan.FromSeconds(options.CurrentValue.ResyncSeconds);
            try
            {
                var started = Stopwatch.GetTimestamp();
                Heartbeat.PassStarted();
                var count = await ReconcileAsync(stoppingToken);
                LogPassDone(logger, count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable; keep what runs and try again on the next wake.
                LogPassFailed(logger, ex);
            }
            finally
            {
                Heartbeat.PassEnded();
            }

            try
            {
                await _wake.WaitAsync(resync, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnChanged;
        _certificateChanges?.Dispose();
        _acmeChanges?.Dispose();
        _scheduleAlarm?.Dispose();
        _settingsChanges?.Dispose();
        await base.StopAsync(cancellationToken);
        foreach (var host in _httpHosts.Values)
        {
            await host.DisposeAsync();
        }

        _httpHosts.Clear();
        foreach (var host in _redirectHosts.Values)
        {
            await host.DisposeAsync();
        }

        _redirectHosts.Clear();
        foreach (var id in _relayed)
        {
            await relay.RemoveAsync(id, cancellationToken);
        }

        _relayed.Clear();
    }

    /// <summary>Whether a plain HTTP listener of the panel (which answers ACME challenges) holds <paramref name="port"/>.</summary>
    public bool ListensPlainHttpOn(int port) => _plainHttpPorts.Contains(port);

    private void OnChanged(RuleChange change) => _wake.Set();

    /// <summary>One pass: diff the saved rules against what runs and apply the difference.</summary>
    /// <returns>How many rules are saved.</returns>
    private async Task<int> ReconcileAsync(CancellationToken ct)
    {
        var all = await rules.GetAllAsync(ct);
        // An enabled rule outside its schedule is applied as off; the alarm wakes the next pass when that changes.
        var now = time.GetUtcNow();
        var zone = time.LocalTimeZone;
        var on = all.Where(r => r.IsOnAt(now, zone)).ToList();
        var listenAddresses = ListenAddresses(on, options.CurrentValue.ParsedListenAddress);

        // Relay: TCP, UDP and TCP/UDP rules.
        var wanted = on.Where(r => RelayRules.IsRelayed(r) && listenAddresses.ContainsKey(r.Id)).ToDictionary(r => r.Id);
        foreach (var id in _relayed.Where(id => !wanted.ContainsKey(id)).ToList())
        {
            await relay.RemoveAsync(id, ct);
            _relayed.Remove(id);
            _listening.Remove(id);
        }

        foreach (var rule in wanted.Values)
        {
            var result = await relay.ApplyAsync(RelayRules.From(rule, listenAddresses[rule.Id]), ct);
            if (result.IsSuccess)
            {
                _relayed.Add(rule.Id);
                statuses.Set(rule.Id, RuleState.Active, null, Listening(rule.Id, result.Listening));
            }
            else
            {
                _relayed.Remove(rule.Id);
                _listening.Remove(rule.Id);
                statuses.Set(rule.Id, RuleState.Error, RuleStatusMessages.FromRelay(result.Error.Code, result.Error.Message, result.Error.Arguments), []);
            }
        }

        await ReconcileHttpAsync(on.Where(r => r.Protocol == Protocol.Http && listenAddresses.ContainsKey(r.Id)).ToList(), listenAddresses, ct);

        // Only now, with their listeners closed, do turned-off rules read "disabled", and rules outside their window "scheduled".
        foreach (var rule in all.Where(r => !r.Enabled))
        {
            statuses.Set(rule.Id, RuleState.Disabled, RuleStatusMessages.TurnedOff.With(), []);
        }

        foreach (var rule in all.Where(r => r.Enabled && r.Schedule is not null && !r.IsOnAt(now, zone)))
        {
            statuses.Set(rule.Id, RuleState.Scheduled, ScheduleText.OffUntilMessage(rule.Schedule!, now, zone), []);
        }

        ScheduleAlarm.Arm(all, now);

        // Forget the status of deleted rules.
        var ids = all.Select(r => r.Id).ToHashSet();
        foreach (var gone in _known.Where(id => !ids.Contains(id)).ToList())
        {
            statuses.Remove(gone);
            _known.Remove(gone);
        }

        _known.UnionWith(ids);
        return all.Count;
    }

    /// <summary>Where each rule listens; a rule whose saved address is not one is marked with the error and left out.</summary>
    private Dictionary<int, IPAddress> ListenAddresses(IEnumerable<ForwardingRule> enabled, IPAddress? defaultListen)
    {
        var addresses = new Dictionary<int, IPAddress>();
        foreach (var rule in enabled)
        {
            var listen = RelayRules.ListenAddress(rule, defaultListen);
            if (listen.IsSuccess)
            {
                addresses[rule.Id] = listen.Value;
            }
            else
            {
                statuses.Set(rule.Id, RuleState.Error, listen.Error.Reason, []);
            }
        }

        return addresses;
    }

    private async Task ReconcileHttpAsync(List<ForwardingRule> httpRules, Dictionary<int, IPAddress> listenAddresses, CancellationToken ct)
    {
        var groups = httpRules
            .GroupBy(r => (Address: listenAddresses[r.Id], Port: r.ExternalPort))
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Id).ToList());
        var redirects = httpRules.Where(r => r.RedirectsHttp)
            .GroupBy(r => (Address: listenAddresses[r.Id], Port: r.HttpPort))
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Id).ToList());

        // Certificates are read only when some rule uses HTTPS; plain HTTP rules cost nothing more per pass.
        var served = await certificates.ServedForAsync([.. httpRules.Where(r => r.UsesTls)], ct);

        // Close first what is no longer wanted (or changes between HTTP and HTTPS), so a port moving from one listener to another is free.
        foreach (var key in _httpHosts.Keys.Where(k => !groups.TryGetValue(k, out var group) || _httpHosts[k].IsTls != group.Any(r => r.UsesTls)).ToList())
        {
            await _httpHosts[key].DisposeAsync();
            _httpHosts.Remove(key);
        }

        foreach (var key in _redirectHosts.Keys.Where(k => !redirects.ContainsKey(k)).ToList())
        {
            await _redirectHosts[key].DisposeAsync();
            _redirectHosts.Remove(key);
        }

        var applied = new Dictionary<int, (RuleState State, ValidationMessage? Message, List<string> Listening)>();
        foreach (var (key, group) in groups)
        {
            var tls = group.Any(r => r.UsesTls);
            var groupCertificates = tls ? group.ToDictionary(r => r.Id, r => served.GetValueOrDefault(r.Id)) : NoCertificates;
            if (_httpHosts.TryGetValue(key, out var running))
            {
                if (!SameRules(running.Rules, group) || !SameCertificates(running.Certificates, groupCertificates))
                {
                    running.Update(group, groupCertificates);
                }
            }
            else
            {
                var endpoint = new IPEndPoint(key.Address, key.Port);
                var started = await HttpPortHost.StartAsync(endpoint, group, tls, groupCertificates, PortHostServices, ct);
                if (!started.IsSuccess)
                {
                    foreach (var rule in group)
                    {
                        applied[rule.Id] = (RuleState.Error, RuleStatusMessages.FromRelay(started.Error.Code, started.Error.Message, started.Error.Arguments), []);
                    }

                    continue;
                }

                _httpHosts[key] = running = started.Value;
            }

            var listening = string.Create(CultureInfo.InvariantCulture, $"{(tls ? "https" : "http")}/{FormatEndpoint(running.EndPoint)}");
            foreach (var rule in group)
            {
                applied[rule.Id] = rule.UsesTls && groupCertificates.GetValueOrDefault(rule.Id) is null
                    ? (NoCertificateState(rule), NoCertificateMessage(rule), [listening])
                    : (RuleState.Active, null, [listening]);
            }
        }

        await ReconcileRedirectsAsync(redirects, applied, ct);
        _plainHttpPorts = [.. _redirectHosts.Keys.Select(k => k.Port), .. _httpHosts.Where(h => !h.Value.IsTls).Select(h => h.Key.Port)];
        foreach (var (id, (state, message, listening)) in applied)
        {
            statuses.Set(id, state, message, listening);
        }
    }

    /// <summary>One plain HTTP listener per redirect port, shared by the HTTPS rules redirecting from it.</summary>
    private async Task ReconcileRedirectsAsync(
        Dictionary<(IPAddress Address, int Port), List<ForwardingRule>> redirects,
        Dictionary<int, (RuleState State, ValidationMessage? Message, List<string> Listening)> applied,
        CancellationToken ct)
    {
        foreach (var (key, group) in redirects)
        {
            // Only rules whose HTTPS port runs redirect: a redirect to a port that is not answering helps nobody.
            var live = group.Where(r => applied.TryGetValue(r.Id, out var a) && a.State != RuleState.Error).ToList();
            if (live.Count == 0)
            {
                if (_redirectHosts.Remove(key, out var idle))
                {
                    await idle.DisposeAsync();
                }

                continue;
            }

            if (_redirectHosts.TryGetValue(key, out var running))
            {
                if (!SameRules(running.Rules, live))
                {
                    running.Update(live);
                }
            }
            else
            {
                var started = await RedirectPortHost.StartAsync(new IPEndPoint(key.Address, key.Port), live, PortHostServices, ct);
                if (!started.IsSuccess)
                {
                    LogRedirectPortFailed(logger, key.Port, started.Error.Message);
                    var cause = RuleStatusMessages.FromRelay(started.Error.Code, started.Error.Message, started.Error.Arguments);
                    var why = new ValidationMessage(RuleStatusMessages.RedirectCannotListen.Code,
                        $"HTTPS answers, but the redirect from plain HTTP cannot: {started.Error.Message}.", [cause]);
                    foreach (var rule in live)
                    {
                        applied[rule.Id] = (RuleState.Error, why, applied[rule.Id].Listening);
                    }

                    continue;
                }

                _redirectHosts[key] = running = started.Value;
            }

            var listening = string.Create(CultureInfo.InvariantCulture, $"http/{FormatEndpoint(running.EndPoint)} (redirect to https)");
            foreach (var rule in live)
            {
                applied[rule.Id].Listening.Add(listening);
            }
        }
    }

    /// <summary>An ACME rule waits for its CA (in error once the CA refused, until the next try); a rule whose certificate cannot be loaded is in error.</summary>
    private RuleState NoCertificateState(ForwardingRule rule) =>
        rule.Tls == TlsMode.Acme && acmeProgress.FailureFor(rule.HostNames) is null ? RuleState.Pending : RuleState.Error;

    private ValidationMessage NoCertificateMessage(ForwardingRule rule) => rule.Tls switch
    {
        TlsMode.Acme when acmeProgress.Off is { } off => RuleStatusMessages.CertificateWaitingOff.With(off),
        TlsMode.Acme when acmeProgress.FailureFor(rule.HostNames) is { } failure => RuleStatusMessages.CertificateAcmeFailed.With(failure.Said, failure.NextTry),
        TlsMode.Acme => RuleStatusMessages.CertificateWaiting.With(),
        TlsMode.Uploaded => RuleStatusMessages.CertificateUploadedMissing.With(),
        _ => RuleStatusMessages.CertificateSelfSignedMissing.With(),
    };

    private static bool SameCertificates(IReadOnlyDictionary<int, ServedCertificate?> a, IReadOnlyDictionary<int, ServedCertificate?> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && ReferenceEquals(p.Value, other));

    private string[] Listening(int ruleId, IReadOnlyList<RelayEndpoint> endpoints)
    {
        if (_listening.TryGetValue(ruleId, out var known) && ReferenceEquals(known.Endpoints, endpoints))
        {
            return known.Text;
        }

        string[] text = [.. endpoints.Select(Describe)];
        _listening[ruleId] = (endpoints, text);
        return text;
    }

    private static bool SameRules(IReadOnlyList<ForwardingRule> a, IReadOnlyList<ForwardingRule> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Id == p.Second.Id && p.First.UpdatedAt == p.Second.UpdatedAt);

    private static string Describe(RelayEndpoint endpoint) =>
        (endpoint.Transport == RelayTransport.Udp ? "udp/" : "tcp/") + FormatEndpoint(endpoint.EndPoint);

    private static string FormatEndpoint(IPEndPoint endpoint) =>
        endpoint.Address.Equals(IPAddress.IPv6Any) ? $"*:{endpoint.Port}" : endpoint.ToString();

    [LoggerMessage(EventId = EventIds.RedirectPortFailed, Level = LogLevel.Warning, Message = "The redirect to HTTPS cannot listen on port {Port}: {Reason}.")]
    private static partial void LogRedirectPortFailed(ILogger logger, int port, string reason);

    [LoggerMessage(EventId = EventIds.RulePassFailed, Level = LogLevel.Error, Message = "Applying the saved rules failed; will retry on the next change or resync.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    // Debug: what a pass costs with many rules (bench/PortFwd.Scale.Bench reads it).
    [LoggerMessage(EventId = EventIds.RulePassDone, Level = LogLevel.Debug, Message = "Applied {Rules} saved rules in {Milliseconds:F2} ms.")]
    private static partial void LogPassDone(ILogger logger, int rules, double milliseconds);
}
