using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Certificates;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Certificates;

/// <summary>A stored certificate and the rules that serve it.</summary>
public sealed record CertificateSummary(StoredCertificate Certificate, IReadOnlyList<int> RuleIds);

/// <summary>
/// The panel's certificates: uploads checked and stored, self-signed ones generated per rule, ACME-issued chains
/// stored for their names (the ACME part calls <see cref="StoreIssuedAsync"/> and <see cref="RecordRenewalAsync"/>),
/// and each HTTPS rule's certificate loaded for handshakes. Every change is announced on <see cref="Updates"/>, which
/// the rule reconciler follows so the next handshake uses a new certificate.
/// </summary>
public sealed partial class CertificateService(
    CertificateStore store,
    PortFwd.Data.Rules.RuleStore rules,
    CertificateKeys keys,
    TimeProvider time,
    ILogger<CertificateService> logger)
{
    /// <summary>A self-signed certificate is made again this long before it expires.</summary>
    private static readonly TimeSpan SelfSignedRenewBefore = TimeSpan.FromDays(30);

    // Loaded certificates by id and thumbprint: a pass that finds nothing new decrypts and parses nothing.
    private readonly ConcurrentDictionary<(int Id, string Thumbprint), ServedCertificate> _loaded = new();

    /// <summary>Notified after a certificate was stored, renewed, deleted or had a renewal attempt noted.</summary>
    public ChangeFeed Updates { get; } = new(time);

    public async Task<IReadOnlyList<CertificateSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await store.GetAllAsync(cancellationToken);
        var saved = await rules.GetAllAsync(cancellationToken);
        return [.. all.Select(c => new CertificateSummary(c, CertificateChoice.RulesUsing(c, all, saved)))];
    }

    /// <summary>Checks an upload (PEM or PFX; against a rule's host names when it names one) and stores it.</summary>
    public async Task<CertificateResult<StoredCertificate>> UploadAsync(CertificateUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ForwardingRule? rule = null;
        if (upload.RuleId is { } ruleId && (rule = await rules.GetAsync(ruleId, cancellationToken)) is null)
        {
            return CertificateError.Invalid(CertificateFields.RuleId, CertificateMessages.NoSuchRule.With(ruleId));
        }

        var read = UploadedCertificate.Read(upload, rule, time.GetUtcNow());
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        using var material = read.Value;
        return CertificateResult<StoredCertificate>.Ok(await SaveAsync(material.ToStored(CertificateSource.Uploaded, keys), cancellationToken));
    }

    /// <summary>
    /// Stores a chain an ACME CA issued for <paramref name="names"/>, with its private key (PEM), replacing the
    /// previous certificate for the same names (a renewal keeps its id).
    /// </summary>
    public async Task<StoredCertificate> StoreIssuedAsync(IReadOnlyList<string> names, string chainPem, string privateKeyPem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var material = CertificateMaterial.FromPem(chainPem, privateKeyPem);
        var stored = material.ToStored(CertificateSource.Acme, keys);
        stored.Names = [.. names.Select(CertificateNames.Normalize).Distinct(StringComparer.Ordinal)];
        return await SaveAsync(stored, cancellationToken);
    }

    /// <summary>Notes how a renewal attempt ended, for the certificate list and the Status page.</summary>
    public async Task<bool> RecordRenewalAsync(int id, RenewalResult result, ValidationMessage message, CancellationToken cancellationToken)
    {
        var recorded = await store.RecordRenewalAsync(id, result, message, cancellationToken);
        if (recorded)
        {
            Updates.Notify();
        }

        return recorded;
    }

    /// <summary>Deletes a certificate no rule serves; answers its id.</summary>
    public async Task<CertificateResult<int>> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteAsync(id, cancellationToken);
        switch (deleted.Outcome)
        {
            case CertificateDeleteOutcome.Deleted:
                Updates.Notify();
                return CertificateResult<int>.Ok(id);
            case CertificateDeleteOutcome.InUse:
                var users = string.Join(", ", deleted.UsedBy.Select(r => $"\"{r.Name}\""));
                return CertificateError.Of(CertificateErrorKind.InUse, CertificateMessages.InUse.With(users));
            default:
                return CertificateError.Of(CertificateErrorKind.NotFound, CertificateMessages.NotFound.With(id));
        }
    }

    /// <summary>
    /// The certificate each HTTPS rule serves, loaded for handshakes; null for a rule that has none yet (an ACME rule
    /// waiting for its certificate). A self-signed rule without a current certificate gets one made here.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, ServedCertificate?>> ServedForAsync(IReadOnlyList<ForwardingRule> httpsRules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpsRules);
        var served = new Dictionary<int, ServedCertificate?>();
        if (httpsRules.Count == 0)
        {
            return served;
        }

        var all = (await store.GetAllAsync(cancellationToken)).ToList();
        foreach (var rule in httpsRules)
        {
            var stored = CertificateChoice.For(rule, all);
            if (rule.Tls == TlsMode.SelfSigned && !IsCurrentSelfSigned(stored, rule))
            {
                try
                {
                    // Null: the rule was deleted or stopped being self-signed since the list was read; the next pass
                    // (its change signals one) applies what the rule is now.
                    if (await CreateSelfSignedAsync(rule, cancellationToken) is { } made)
                    {
                        all.RemoveAll(c => c.Id == made.Id);
                        all.Add(made);
                        stored = made;
                    }
                }
                catch (CryptographicException ex)
                {
                    // This rule stays without a certificate (its status says so); the others are applied.
                    LogSelfSignedFailed(logger, ex, rule.Id);
                }
            }

            served[rule.Id] = stored is null ? null : Load(stored);
        }

        foreach (var key in _loaded.Keys.Where(k => !all.Any(c => c.Id == k.Id && c.Thumbprint == k.Thumbprint)))
        {
            // Handshakes in progress keep their reference; the collector frees it after them.
            _loaded.TryRemove(key, out _);
        }

        return served;
    }

    /// <summary>
    /// Generates (or makes again) the self-signed certificate of a rule; null, and nothing stored, when the rule has
    /// been deleted or no longer asks for a self-signed certificate.
    /// </summary>
    public async Task<StoredCertificate?> CreateSelfSignedAsync(ForwardingRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var names = SelfSignedCertificate.NamesFor(rule, Dns.GetHostName(), HomeRouter.LanDefaults.Find().Local);
        using var material = SelfSignedCertificate.Create(names, time.GetUtcNow());
        if (await store.SaveSelfSignedAsync(material.ToStored(CertificateSource.SelfSigned, keys, rule.Id), cancellationToken) is not { } saved)
        {
            LogSelfSignedRuleGone(logger, rule.Id);
            return null;
        }

        Stored(saved);
        LogSelfSignedCreated(logger, rule.Id, string.Join(", ", names));
        return saved;
    }

    private bool IsCurrentSelfSigned(StoredCertificate? stored, ForwardingRule rule) =>
        stored is not null
        && stored.NotAfter - time.GetUtcNow() > SelfSignedRenewBefore
        && (rule.HostNames.Count == 0 || CertificateNames.Uncovered(stored.Names, rule.HostNames).Count == 0);

    private async Task<StoredCertificate> SaveAsync(StoredCertificate certificate, CancellationToken cancellationToken)
    {
        var saved = await store.SaveAsync(certificate, cancellationToken);
        Stored(saved);
        return saved;
    }

    private void Stored(StoredCertificate saved)
    {
        LogStored(logger, saved.Source.ToName(), saved.Id, string.Join(", ", saved.Names), saved.NotAfter);
        Updates.Notify();
    }

    /// <summary>
    /// A stored certificate ready for handshakes (its key decrypted), from the cache the rules' HTTPS side shares; null
    /// when its key or chain cannot be used (logged).
    /// </summary>
    internal ServedCertificate? Load(StoredCertificate stored)
    {
        if (_loaded.TryGetValue((stored.Id, stored.Thumbprint), out var known))
        {
            return known;
        }

        if (keys.Unprotect(stored.ProtectedKey) is not { } keyPem)
        {
            LogKeyUnreadable(logger, stored.Id);
            return null;
        }

        try
        {
            var material = CertificateMaterial.FromPem(stored.ChainPem, keyPem);
            var certificate = material.Leaf;
            if (OperatingSystem.IsWindows())
            {
                // SChannel cannot use an ephemeral key; a PKCS#12 round trip gives it one it can. Linux and macOS use it as is.
                certificate = X509CertificateLoader.LoadPkcs12(material.Leaf.Export(X509ContentType.Pkcs12), null);
            }

            // Offline: the chain is what was stored; nothing is fetched from the internet to complete it.
            var context = SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection(material.Chain.ToArray()), offline: true);
            var served = new ServedCertificate(stored, certificate, context);
            _loaded[(stored.Id, stored.Thumbprint)] = served;
            return served;
        }
        catch (CryptographicException ex)
        {
            LogUnusable(logger, ex, stored.Id);
            return null;
        }
    }

    [LoggerMessage(EventId = EventIds.CertificateStored, Level = LogLevel.Information, Message = "Stored the {Source} certificate {CertificateId} for {Names}, valid until {NotAfter:u}.")]
    private static partial void LogStored(ILogger logger, string source, int certificateId, string names, DateTimeOffset notAfter);

    [LoggerMessage(EventId = EventIds.SelfSignedCreated, Level = LogLevel.Information, Message = "Made a self-signed certificate for rule {RuleId} ({Names}); browsers will not trust it.")]
    private static partial void LogSelfSignedCreated(ILogger logger, int ruleId, string names);

    [LoggerMessage(EventId = EventIds.SelfSignedRuleGone, Level = LogLevel.Debug, Message = "The self-signed certificate made for rule {RuleId} was not kept: the rule was deleted or no longer asks for one.")]
    private static partial void LogSelfSignedRuleGone(ILogger logger, int ruleId);

    [LoggerMessage(EventId = EventIds.SelfSignedFailed, Level = LogLevel.Error, Message = "A self-signed certificate for rule {RuleId} cannot be made.")]
    private static partial void LogSelfSignedFailed(ILogger logger, Exception exception, int ruleId);

    [LoggerMessage(EventId = EventIds.CertificateKeyUnreadable, Level = LogLevel.Warning, Message = "The private key of certificate {CertificateId} cannot be decrypted (the data folder's keys changed); upload or issue it again.")]
    private static partial void LogKeyUnreadable(ILogger logger, int certificateId);

    [LoggerMessage(EventId = EventIds.CertificateUnusable, Level = LogLevel.Error, Message = "Certificate {CertificateId} cannot be loaded for HTTPS.")]
    private static partial void LogUnusable(ILogger logger, Exception exception, int certificateId);
}
