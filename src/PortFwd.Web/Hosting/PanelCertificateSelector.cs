using PortFwd.Core.Certificates;
using PortFwd.Data.Certificates;
using PortFwd.Web.Certificates;

namespace PortFwd.Web.Hosting;

/// <summary>
/// Picks the panel's HTTPS certificate per handshake: a stored certificate (uploaded or issued by ACME) whose names
/// cover the name the client asked for (SNI; exact or one-label wildcard, as browsers match) and that is valid now, the
/// one lasting longest; otherwise the panel's own (<see cref="PanelCertificate"/>). So a user who opens the panel at a
/// name they also serve a rule under gets the trusted certificate. Handshakes read a list held in memory, never the
/// database: it is read again after each change the certificate service announces (an upload, a renewal, a delete), and
/// validity is checked at each handshake, so a certificate that expires while listed stops being served.
/// </summary>
internal sealed partial class PanelCertificateSelector(
    CertificateStore store,
    CertificateService certificates,
    TimeProvider time,
    ILogger<PanelCertificateSelector> logger) : IHostedLifecycleService, IDisposable
{
    // One reading at a time, each from the database: the last one to finish is the newest, never an older one.
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile ServedCertificate[] _stored = [];
    private IDisposable? _changes;

    /// <summary>The stored certificate for <paramref name="serverName"/> (null or empty when the client sent no name), or null.</summary>
    public ServedCertificate? Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return null;
        }

        var now = time.GetUtcNow();
        ServedCertificate? best = null;
        foreach (var certificate in _stored)
        {
            if (certificate.IsValidAt(now) && (best is null || certificate.NotAfter > best.NotAfter) && CertificateNames.Covers(certificate.Names, serverName))
            {
                best = certificate;
            }
        }

        return best;
    }

    /// <summary>Reads the stored certificates again (after a change).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            var all = await store.GetAllAsync(cancellationToken);
            _stored = [.. all.Where(c => c.Source is CertificateSource.Uploaded or CertificateSource.Acme)
                .Select(certificates.Load)
                .OfType<ServedCertificate>()];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The list stays as it was; the next change reads it again.
            LogUnreadable(logger, ex);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _changes = certificates.Updates.Subscribe(() => RefreshAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    // The first reading waits for every service's start, the database migration among them (registered after this).
    public Task StartedAsync(CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The gate is left to the collector: a reading the feed started may still hold it.
    public void Dispose() => _changes?.Dispose();

    [LoggerMessage(EventId = EventIds.PanelCertificatesUnreadable, Level = LogLevel.Warning,
        Message = "The stored certificates cannot be read for the panel's HTTPS; it keeps serving the ones it had.")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
