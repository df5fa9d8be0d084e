using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using PortFwd.Acme;
using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;
using PortFwd.Data.Certificates;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Hosting;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Certificates.Acme;

/// <summary>How a "renew now" request was taken.</summary>
public enum RenewRequest
{
    Started,
    NotFound,

    /// <summary>The certificate was not issued by ACME (uploaded or self-signed).</summary>
    NotAcme,

    /// <summary>An attempt for it is already waiting or running.</summary>
    AlreadyRunning,

    /// <summary>No ACME CA is set.</summary>
    Off,
}

/// <summary>
/// Obtains and renews the certificates of rules with <c>tls: acme</c>: one order per name set, one at a time. A rule
/// whose names no certificate covers gets one ordered; a certificate is renewed from the CA's renewal window (or 30 days
/// before expiry). Looks at the rules when they change, at start and every hour. HTTP-01 is answered from
/// <see cref="AcmeChallengeAnswers"/>; while no port host of the panel listens on the challenge port, a challenge-only
/// listener is opened there for the order. A failure is noted with the CA's words and tried again later, never in a loop.
/// </summary>
public sealed partial class AcmeIssuer(
    IRuleSource rules,
    RuleListFeed ruleChanges,
    CertificateStore store,
    CertificateService certificates,
    AcmeProgress progress,
    IAcmeAuthorities authorities,
    AcmeAccountStore account,
    AcmeChallengeAnswers answers,
    RuleReconciler reconciler,
    RuleStatusBoard statuses,
    HttpTrafficMeter meter,
    IOptions<AcmeOptions> options,
    IOptions<PortFwdOptions> panel,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<AcmeIssuer> logger) : BackgroundService
{
    /// <summary>How long an order waits for a rule's plain HTTP listener on the challenge port (real time: a port opening, not a schedule).</summary>
    private static readonly TimeSpan PlainListenerWait = TimeSpan.FromSeconds(10);

    private readonly WakeSignal _wake = new();
    private readonly ConcurrentDictionary<int, bool> _renewNow = new();

    // The CA's renewal window per certificate (by thumbprint), asked at most once per check interval.
    private readonly Dictionary<string, (RenewalInfo? Window, DateTimeOffset AskedAt)> _windows = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];

    // Waiters for a pass that starts after they asked (tests: "the issuer looked again and did not order").
    private readonly Lock _passWaitersLock = new();
    private List<TaskCompletionSource> _nextPass = [];

    /// <summary>Asks for an ACME certificate's renewal now (the page's button, <c>POST /api/certificates/{id}/renew</c>).</summary>
    public async Task<RenewRequest> RenewNowAsync(int id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } certificate)
        {
            return RenewRequest.NotFound;
        }

        if (certificate.Source != CertificateSource.Acme)
        {
            return RenewRequest.NotAcme;
        }

        if (account.DirectoryUrl is null)
        {
            return RenewRequest.Off;
        }

        if (progress.IsRunning(certificate.Names) || !_renewNow.TryAdd(id, true))
        {
            return RenewRequest.AlreadyRunning;
        }

        _wake.Set();
        return RenewRequest.Started;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriptions.Add(ruleChanges.Updates.Subscribe(WakeAsync));
        _subscriptions.Add(account.Updates.Subscribe(WakeAsync));
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = AcmeSchedule.CheckEvery;
            List<TaskCompletionSource> waiters;
            lock (_passWaitersLock)
            {
                (waiters, _nextPass) = (_nextPass, []);
            }

            try
            {
                wait = await PassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable; look again on the next wake.
                LogPassFailed(logger, ex);
            }
            finally
            {
                waiters.ForEach(w => w.TrySetResult());
            }

            try
            {
                // The clock is the TimeProvider's, so a test moving it forward makes renewals due.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(wait, time, timeout.Token);
                await Task.WhenAny(delay, _wake.WaitAsync(Timeout.InfiniteTimeSpan, timeout.Token));
                await timeout.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Completes when a pass that starts after this call has ended (successful or not). For tests that check the issuer
    /// looked again and left something alone; wake it (a rule change, <see cref="RenewNowAsync"/>) after asking.
    /// </summary>
    internal Task NextPassAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_passWaitersLock)
        {
            _nextPass.Add(waiter);
        }

        return waiter.Task;
    }

    private Task WakeAsync()
    {
        _wake.Set();
        return Task.CompletedTask;
    }

    /// <summary>One look at every ACME rule and certificate; orders what is due, one at a time. Answers how long to wait before the next look.</summary>
    private async Task<TimeSpan> PassAsync(CancellationToken ct)
    {
        var saved = await rules.GetAllAsync(ct);
        var acmeRules = saved.Where(r => r.Enabled && r.Protocol == Protocol.Http && r.Tls == TlsMode.Acme && r.HostNames.Count > 0).ToList();
        if (acmeRules.Count == 0 && _renewNow.IsEmpty)
        {
            return AcmeSchedule.CheckEvery;
        }

        if (await authorities.CurrentAsync(ct) is not { } authority)
        {
            progress.SetOff(CertificateMessages.AcmeOff.With($"{AcmeOptions.Section}:{(account.UseStaging ? nameof(AcmeOptions.StagingDirectoryUrl) : nameof(AcmeOptions.DirectoryUrl))}"));
            _renewNow.Clear();
            return AcmeSchedule.CheckEvery;
        }

        progress.SetOff(null);
        var now = time.GetUtcNow();
        var next = now + AcmeSchedule.CheckEvery;
        var all = await store.GetAllAsync(ct);
        foreach (var gone in _windows.Keys.Where(t => !all.Any(c => c.Thumbprint == t)).ToList())
        {
            _windows.Remove(gone);
        }

        var jobs = new Dictionary<string, (IReadOnlyList<string> Names, StoredCertificate? Current)>(StringComparer.Ordinal);
        foreach (var rule in acmeRules)
        {
            var current = CertificateChoice.For(rule, all);
            IReadOnlyList<string> names = current?.Names ?? rule.HostNames;
            jobs.TryAdd(AcmeProgress.KeyOf(names), (names, current));
        }

        foreach (var id in _renewNow.Keys)
        {
            if (all.FirstOrDefault(c => c.Id == id) is { } forced)
            {
                jobs[AcmeProgress.KeyOf(forced.Names)] = (forced.Names, forced);
            }
            else
            {
                _renewNow.TryRemove(id, out _);
            }
        }

        foreach (var (names, current) in jobs.Values)
        {
            ct.ThrowIfCancellationRequested();
            var forced = current is not null && _renewNow.ContainsKey(current.Id);
            var due = current is null ? now : await RenewAtAsync(authority, current, now, ct);
            if (!forced && progress.FailureFor(names) is { } failure && failure.NextTry > due)
            {
                due = failure.NextTry;
            }

            if (forced || due <= now)
            {
                await IssueAsync(authority, names, current, saved, ct);
                if (current is not null)
                {
                    _renewNow.TryRemove(current.Id, out _);
                }

                if (progress.FailureFor(names) is { } failed && failed.NextTry < next)
                {
                    next = failed.NextTry;
                }
            }
            else if (due < next)
            {
                next = due;
            }
        }

        var wait = next - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }

    /// <summary>When to renew: the CA's window when it gives one (asked at most hourly), else 30 days before expiry.</summary>
    private async Task<DateTimeOffset> RenewAtAsync(IAcmeAuthority authority, StoredCertificate certificate, DateTimeOffset now, CancellationToken ct)
    {
        if (!_windows.TryGetValue(certificate.Thumbprint, out var known) || now - known.AskedAt >= AcmeSchedule.CheckEvery)
        {
            using var leaf = Leaf(certificate);
            var answer = leaf is null ? null : await authority.GetRenewalInfoAsync(leaf, ct);
            known = (answer is { IsSuccess: true } ? answer.Value : null, now);
            _windows[certificate.Thumbprint] = known;
        }

        return AcmeSchedule.RenewAt(certificate, known.Window);
    }

    private async Task IssueAsync(IAcmeAuthority authority, IReadOnlyList<string> names, StoredCertificate? current, IReadOnlyList<ForwardingRule> saved, CancellationToken ct)
    {
        using var leaf = current is null ? null : Leaf(current);
        var replaces = leaf is null ? null : RenewalInfo.CertificateId(leaf);
        using var key = AcmeClient.CreateCertificateKey();
        progress.Started(names);
        AcmeResult<IssuedCertificate> issued;
        try
        {
            await using var listener = await OpenChallengeListenerAsync(ct, saved);
            issued = await authority.IssueAsync(names, key, new Responder(answers), replaces, ct);
        }
        finally
        {
            progress.Finished();
        }

        if (issued.IsSuccess)
        {
            var stored = await certificates.StoreIssuedAsync(names, issued.Value.ChainPem, key.ExportPkcs8PrivateKeyPem(), ct);
            progress.Succeeded(names);
            if (current is not null)
            {
                await certificates.RecordRenewalAsync(stored.Id, RenewalResult.Renewed, CertificateMessages.Renewed.With(Minute(stored.NotAfter)), ct);
            }

            LogIssued(logger, string.Join(", ", names), stored.Id, stored.NotAfter);
            return;
        }

        var failure = progress.Failed(names, CertificateMessages.FromAcme(issued.Error), failures => AcmeSchedule.NextTry(issued.Error, failures, time.GetUtcNow()));
        var message = CertificateMessages.RenewalFailed.With(failure.Said, Minute(failure.NextTry));
        if (current is not null)
        {
            await certificates.RecordRenewalAsync(current.Id, RenewalResult.Failed, message, ct);
        }

        LogFailed(logger, string.Join(", ", names), issued.Error.Kind, issued.Error.Message, failure.NextTry);
    }

    /// <summary>
    /// A challenge-only listener on the challenge port for the order's duration, unless a port host of the panel (a
    /// redirect port or a plain HTTP rule's) listens there and answers challenges already.
    /// </summary>
    private async Task<IAsyncDisposable?> OpenChallengeListenerAsync(CancellationToken ct, IReadOnlyList<ForwardingRule> saved)
    {
        var port = options.Value.ChallengePort;
        if (reconciler.ListensPlainHttpOn(port))
        {
            return null;
        }

        // A rule that redirects from the port (or plain HTTP on it) gets it from the reconciler in a moment: taking it here would keep it out.
        if (saved.Any(r => r.Enabled && r.Protocol == Protocol.Http && (r.RedirectsHttp ? r.HttpPort == port : !r.UsesTls && r.ExternalPort == port)))
        {
            await WaitForPlainListenerAsync(port, ct);
            return null;
        }

        var endpoint = new IPEndPoint(panel.Value.ParsedListenAddress ?? IPAddress.IPv6Any, port);
        var started = await RedirectPortHost.StartAsync(endpoint, [], new PortHostServices(loggerFactory, meter, answers), ct);
        if (!started.IsSuccess)
        {
            // Something else holds the port (another web server): the CA's verdict will say whether it answered.
            LogChallengePortBusy(logger, port, started.Error.Message);
            return null;
        }

        LogChallengeListenerOpened(logger, port);
        return started.Value;
    }

    /// <summary>Waits (10 s at most) until the reconciler listens on <paramref name="port"/>; the CA's verdict tells if it never did.</summary>
    private async Task WaitForPlainListenerAsync(int port, CancellationToken ct)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = statuses.Updates.Subscribe(() =>
        {
            if (reconciler.ListensPlainHttpOn(port))
            {
                listening.TrySetResult();
            }

            return Task.CompletedTask;
        });
        if (reconciler.ListensPlainHttpOn(port))
        {
            return;
        }

        try
        {
            await listening.Task.WaitAsync(PlainListenerWait, ct);
        }
        catch (TimeoutException)
        {
            LogChallengePortBusy(logger, port, "the rule's listener has not opened");
        }
    }

    /// <summary>"2026-12-02 15:30" in UTC, as the renewal notes say it in every language.</summary>
    private static string Minute(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static X509Certificate2? Leaf(StoredCertificate certificate)
    {
        try
        {
            return X509Certificate2.CreateFromPem(certificate.ChainPem);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Publishes HTTP-01 answers where every plain HTTP listener of the panel reads them.</summary>
    private sealed class Responder(AcmeChallengeAnswers answers) : IHttpChallengeResponder
    {
        public Task PublishAsync(string token, string keyAuthorization, CancellationToken ct)
        {
            answers.Set(token, keyAuthorization);
            return Task.CompletedTask;
        }

        public Task RemoveAsync(string token, CancellationToken ct)
        {
            answers.Remove(token);
            return Task.CompletedTask;
        }
    }

    [LoggerMessage(EventId = EventIds.AcmeCertificateIssued, Level = LogLevel.Information, Message = "The ACME CA issued the certificate for {Names} (certificate {CertificateId}, valid until {NotAfter:u}).")]
    private static partial void LogIssued(ILogger logger, string names, int certificateId, DateTimeOffset notAfter);

    [LoggerMessage(EventId = EventIds.AcmeCertificateFailed, Level = LogLevel.Warning, Message = "No certificate for {Names} from the ACME CA ({Kind}): {Reason} Next try at {NextTry:u}.")]
    private static partial void LogFailed(ILogger logger, string names, AcmeErrorKind kind, string reason, DateTimeOffset nextTry);

    [LoggerMessage(EventId = EventIds.AcmeChallengeListenerOpened, Level = LogLevel.Debug, Message = "Answering ACME challenges on port {Port} for the order's duration.")]
    private static partial void LogChallengeListenerOpened(ILogger logger, int port);

    [LoggerMessage(EventId = EventIds.AcmeChallengePortBusy, Level = LogLevel.Warning, Message = "ACME challenges cannot be answered on port {Port}: {Reason}.")]
    private static partial void LogChallengePortBusy(ILogger logger, int port, string reason);

    [LoggerMessage(EventId = EventIds.AcmePassFailed, Level = LogLevel.Error, Message = "Looking at the ACME certificates failed; will look again on the next change or in an hour.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
