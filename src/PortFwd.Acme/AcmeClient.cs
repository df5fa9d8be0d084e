using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortFwd.Acme.Orders;
using PortFwd.Acme.Protocol;

namespace PortFwd.Acme;

/// <summary>
/// An ACME (RFC 8555) client for one CA and one account key. <c>IssueAsync</c> does a whole issuance
/// (account, order, HTTP-01 challenges, finalize, download); the steps it is made of are public too.
/// Failures are values (<see cref="AcmeResult{T}"/>): rate limits are returned at once, never retried here;
/// only <c>badNonce</c> answers are retried, a few times. Cancelling <c>ct</c> throws as usual.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> is the caller's (it decides which TLS certificates to trust, e.g. a private CA's);
/// its timeout bounds each request, <see cref="AcmeClientOptions.PollTimeout"/> each wait for the CA.
/// Issuances may run side by side on one client (they share its directory, nonces and account).
/// The steps after <see cref="CreateAccountAsync"/> are signed with the account's URL, so it runs first;
/// <c>IssueAsync</c> runs it by itself.
/// </remarks>
public sealed partial class AcmeClient
{
    private const string PemChain = "application/pem-certificate-chain";

    private readonly AcmeTransport _transport;
    private readonly AcmeAccountKey _key;
    private readonly AcmeClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AcmeClient(HttpClient http, Uri directoryUrl, AcmeAccountKey accountKey, AcmeClientOptions? options = null,
        TimeProvider? time = null, ILogger<AcmeClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(directoryUrl);
        _key = accountKey ?? throw new ArgumentNullException(nameof(accountKey));
        _options = options ?? new AcmeClientOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        DirectoryUrl = directoryUrl;
        _transport = new AcmeTransport(http, directoryUrl, accountKey, _options, _time, _logger);
    }

    public Uri DirectoryUrl { get; }

    /// <summary>The account URL, once <see cref="CreateAccountAsync"/> has run (or <c>IssueAsync</c> ran it).</summary>
    public Uri? AccountUrl => _transport.AccountUrl;

    /// <summary>A new certificate key of the recommended kind (ECDSA P-256), for the caller to keep with the certificate.</summary>
    public static ECDsa CreateCertificateKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The CA's directory, read once per client.</summary>
    public Task<AcmeResult<AcmeDirectory>> GetDirectoryAsync(CancellationToken ct) => _transport.GetDirectoryAsync(ct);

    /// <summary>
    /// Creates the account for this key, agreeing to the CA's terms of service, or finds the one the CA already
    /// has for it (<see cref="AcmeAccount.Created"/> false). Later requests are signed with its URL.
    /// </summary>
    public async Task<AcmeResult<AcmeAccount>> CreateAccountAsync(CancellationToken ct)
    {
        var directory = await GetDirectoryAsync(ct);
        if (!directory.IsSuccess)
        {
            return directory.Error;
        }

        if (directory.Value.ExternalAccountRequired)
        {
            return new AcmeError(AcmeErrorKind.Unauthorized,
                $"The CA at {DirectoryUrl.Authority} only accepts accounts bound to an account with it (external account binding), which PortFwd does not support.")
            {
                Code = "AccountBindingNeeded",
                Arguments = [DirectoryUrl.Authority],
            };
        }

        var contact = string.IsNullOrWhiteSpace(_options.Email) ? null : new[] { "mailto:" + _options.Email.Trim() };
        var answer = await _transport.PostAsync(directory.Value.NewAccount, new NewAccountWire(true, contact, null), ct, withJwk: true);
        if (!answer.IsSuccess)
        {
            return answer.Error;
        }

        var read = AcmeTransport.Read<AccountWire>(answer.Value.Body, directory.Value.NewAccount);
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        if (answer.Value.Location is not { } url)
        {
            return new AcmeError(AcmeErrorKind.InvalidResponse, "The CA did not say where the account is (no Location).");
        }

        _transport.AccountUrl = url;
        var account = new AcmeAccount(url, read.Value.Status, answer.Value.Status == HttpStatusCode.Created) { Contact = read.Value.Contact ?? [] };
        if (account.Created)
        {
            LogAccountCreated(_logger, url);
        }
        else
        {
            LogAccountFound(_logger, url);
        }

        return account.Status == AcmeAccountStatus.Valid
            ? AcmeResult<AcmeAccount>.Ok(account)
            : new AcmeError(AcmeErrorKind.Unauthorized, $"The CA's account for this key is {account.Status.ToString().ToLowerInvariant()}.")
            {
                Code = "AccountStatus",
                Arguments = [account.Status.ToString().ToLowerInvariant()],
            };
    }

    /// <summary>A new order for <paramref name="names"/> (DNS names; IP literals and wildcards are refused before sending).</summary>
    public Task<AcmeResult<AcmeOrder>> CreateOrderAsync(IEnumerable<string> names, CancellationToken ct) => CreateOrderAsync(names, null, ct);

    /// <summary>
    /// A new order for <paramref name="names"/> that renews the certificate <paramref name="replaces"/> names
    /// (its <see cref="RenewalInfo.CertificateId"/>; RFC 9773 §5), so the CA can count it as a renewal.
    /// </summary>
    public async Task<AcmeResult<AcmeOrder>> CreateOrderAsync(IEnumerable<string> names, string? replaces, CancellationToken ct)
    {
        var checkedNames = DnsNames.Check(names);
        if (!checkedNames.IsSuccess)
        {
            return checkedNames.Error;
        }

        var directory = await GetDirectoryAsync(ct);
        if (!directory.IsSuccess)
        {
            return directory.Error;
        }

        var body = new NewOrderWire(checkedNames.Value.Select(IdentifierWire.Dns).ToArray(), replaces);
        var answer = await _transport.PostAsync(directory.Value.NewOrder, body, ct);
        if (!answer.IsSuccess)
        {
            return answer.Error;
        }

        if (answer.Value.Location is not { } url)
        {
            return new AcmeError(AcmeErrorKind.InvalidResponse, "The CA did not say where the order is (no Location).");
        }

        var order = OrderWire.Read(answer.Value, url);
        if (order.IsSuccess)
        {
            LogOrderCreated(_logger, url, string.Join(", ", order.Value.Names));
        }

        return order;
    }

    /// <summary>The order as it stands now.</summary>
    public async Task<AcmeResult<AcmeOrder>> GetOrderAsync(Uri url, CancellationToken ct) => (await FetchOrderAsync(url, ct)).Result;

    /// <summary>An authorization as it stands now.</summary>
    public async Task<AcmeResult<AcmeAuthorization>> GetAuthorizationAsync(Uri url, CancellationToken ct) => (await FetchAuthorizationAsync(url, ct)).Result;

    /// <summary>Tells the CA the challenge's response is published and it may validate (RFC 8555 §7.5.1).</summary>
    public async Task<AcmeResult<AcmeChallenge>> AnswerChallengeAsync(AcmeChallenge challenge, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var answer = await _transport.PostAsync(challenge.Url, new EmptyWire(), ct);
        if (!answer.IsSuccess)
        {
            return answer.Error;
        }

        var read = AcmeTransport.Read<ChallengeWire>(answer.Value.Body, challenge.Url);
        return read.IsSuccess ? AcmeResult<AcmeChallenge>.Ok(read.Value.ToChallenge()) : read.Error;
    }

    /// <summary>
    /// Polls an authorization until the CA has decided (honouring <c>Retry-After</c>, up to
    /// <see cref="AcmeClientOptions.PollTimeout"/>): valid, or <see cref="AcmeErrorKind.AuthorizationFailed"/>
    /// naming the name and quoting the CA's reason.
    /// </summary>
    public async Task<AcmeResult<AcmeAuthorization>> WaitForAuthorizationAsync(Uri url, CancellationToken ct)
    {
        var polled = await Polling.UntilDecidedAsync(_time, _options, "ValidationNotDone", "The CA's validation at", url, c => FetchAuthorizationAsync(url, c), a => a.Status != AcmeAuthorizationStatus.Pending, ct);
        if (!polled.IsSuccess)
        {
            return polled.Error;
        }

        var authorization = polled.Value;
        if (authorization.Status == AcmeAuthorizationStatus.Valid)
        {
            LogAuthorizationValid(_logger, authorization.Name);
            return authorization;
        }

        var problem = authorization.Challenges.Select(c => c.Problem).FirstOrDefault(p => p is not null);
        var error = Errors.AuthorizationFailed(authorization.Name, problem);
        LogAuthorizationFailed(_logger, authorization.Name, authorization.Status, problem?.ToString() ?? "no reason given");
        return error;
    }

    /// <summary>
    /// Polls an order until it leaves pending / processing (honouring <c>Retry-After</c>, up to
    /// <see cref="AcmeClientOptions.PollTimeout"/>); an invalid order is an error with the CA's reason.
    /// </summary>
    public async Task<AcmeResult<AcmeOrder>> WaitForOrderAsync(Uri url, CancellationToken ct)
    {
        var polled = await Polling.UntilDecidedAsync(_time, _options, "OrderNotDone", "The order", url, c => FetchOrderAsync(url, c),
            o => o.Status is not (AcmeOrderStatus.Pending or AcmeOrderStatus.Processing), ct);
        if (polled.IsSuccess && polled.Value.Status == AcmeOrderStatus.Invalid)
        {
            var problem = polled.Value.Problem;
            var names = string.Join(", ", polled.Value.Names);
            var reason = problem?.Describe();
            return new AcmeError(AcmeErrorKind.Rejected, $"The CA gave up on the order for {names}: {reason ?? "no reason given"}")
            {
                Problem = problem,
                Code = reason is null ? "OrderGivenUpNoReason" : "OrderGivenUp",
                Arguments = reason is null ? [names] : [names, reason],
            };
        }

        return polled;
    }

    /// <summary>Sends the CSR for a ready order, made for <paramref name="certificateKey"/> (ECDSA or RSA; the key stays here).</summary>
    public async Task<AcmeResult<AcmeOrder>> FinalizeAsync(AcmeOrder order, AsymmetricAlgorithm certificateKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(order);
        var csr = CertificateSigningRequest.Create(order.Names, certificateKey);
        var answer = await _transport.PostAsync(order.Finalize, new FinalizeWire(Base64Url.EncodeToString(csr)), ct);
        if (!answer.IsSuccess)
        {
            return answer.Error;
        }

        LogOrderFinalized(_logger, order.Url);
        return OrderWire.Read(answer.Value, order.Url);
    }

    /// <summary>Downloads the certificate chain of a valid order (PEM, leaf first).</summary>
    public async Task<AcmeResult<IssuedCertificate>> DownloadCertificateAsync(Uri url, CancellationToken ct)
    {
        var answer = await _transport.PostAsync(url, null, ct, accept: PemChain);
        if (!answer.IsSuccess)
        {
            return answer.Error;
        }

        return IssuedCertificate.FromPem(Encoding.ASCII.GetString(answer.Value.Body), url) is { } certificate
            ? AcmeResult<IssuedCertificate>.Ok(certificate)
            : new AcmeError(AcmeErrorKind.InvalidResponse, $"The certificate at {url} is not a PEM certificate chain.");
    }

    /// <summary>
    /// The CA's suggested renewal window for a certificate it issued (RFC 9773); <see cref="AcmeErrorKind.Unsupported"/>
    /// when the CA offers no renewal information, and the caller renews by its own rule (e.g. 30 days before expiry).
    /// </summary>
    public async Task<AcmeResult<RenewalInfo>> GetRenewalInfoAsync(X509Certificate2 certificate, CancellationToken ct)
    {
        var directory = await GetDirectoryAsync(ct);
        if (!directory.IsSuccess)
        {
            return directory.Error;
        }

        if (directory.Value.RenewalInfo is not { } renewalInfo)
        {
            return new AcmeError(AcmeErrorKind.Unsupported, $"The CA at {DirectoryUrl.Authority} gives no renewal information.");
        }

        if (RenewalInfo.CertificateId(certificate) is not { } id)
        {
            return new AcmeError(AcmeErrorKind.Rejected, "The certificate names no authority key, so the CA cannot be asked about it.");
        }

        var url = new Uri(renewalInfo.AbsoluteUri.TrimEnd('/') + "/" + id);
        var answer = await _transport.GetAsync(url, ct);
        if (!answer.IsSuccess)
        {
            return answer.Error;
        }

        var read = AcmeTransport.Read<RenewalInfoWire>(answer.Value.Body, url);
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        var window = read.Value.SuggestedWindow;
        if (window.End <= window.Start)
        {
            return new AcmeError(AcmeErrorKind.InvalidResponse, $"The CA's renewal window for {id} ends before it starts.");
        }

        return new RenewalInfo(window.Start, window.End)
        {
            ExplanationUrl = read.Value.ExplanationUrl,
            CheckAgainAfter = answer.Value.RetryAfter is { } wait ? _time.GetUtcNow() + wait : null,
        };
    }

    /// <summary>
    /// Obtains a certificate for <paramref name="names"/>: creates or finds the account, orders, answers each
    /// name's HTTP-01 challenge through <paramref name="responder"/> (every published token is removed again,
    /// whatever happens), finalizes with a CSR for <paramref name="certificateKey"/> and downloads the chain.
    /// </summary>
    public Task<AcmeResult<IssuedCertificate>> IssueAsync(IEnumerable<string> names, AsymmetricAlgorithm certificateKey,
        IHttpChallengeResponder responder, CancellationToken ct) => IssueAsync(names, certificateKey, responder, null, ct);

    /// <summary>
    /// <see cref="IssueAsync(IEnumerable{string}, AsymmetricAlgorithm, IHttpChallengeResponder, CancellationToken)"/> for a
    /// renewal: the order says which earlier certificate it replaces (its <see cref="RenewalInfo.CertificateId"/>).
    /// </summary>
    public Task<AcmeResult<IssuedCertificate>> IssueAsync(IEnumerable<string> names, AsymmetricAlgorithm certificateKey,
        IHttpChallengeResponder responder, string? replaces, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(certificateKey);
        ArgumentNullException.ThrowIfNull(responder);
        return new Issuance(this, _key, _logger).RunAsync(names.ToArray(), certificateKey, responder, replaces, ct);
    }

    private async Task<(AcmeResult<AcmeOrder> Result, TimeSpan? RetryAfter)> FetchOrderAsync(Uri url, CancellationToken ct)
    {
        var answer = await _transport.PostAsync(url, null, ct);
        return answer.IsSuccess ? (OrderWire.Read(answer.Value, url), answer.Value.RetryAfter) : (answer.Error, null);
    }

    private async Task<(AcmeResult<AcmeAuthorization> Result, TimeSpan? RetryAfter)> FetchAuthorizationAsync(Uri url, CancellationToken ct)
    {
        var answer = await _transport.PostAsync(url, null, ct);
        if (!answer.IsSuccess)
        {
            return (answer.Error, null);
        }

        var read = AcmeTransport.Read<AuthorizationWire>(answer.Value.Body, url);
        if (!read.IsSuccess)
        {
            return (read.Error, null);
        }

        return (read.Value.ToAuthorization(url), answer.Value.RetryAfter);
    }

    [LoggerMessage(EventId = EventIds.AccountCreated, Level = LogLevel.Information, Message = "ACME account created: {Url}")]
    private static partial void LogAccountCreated(ILogger logger, Uri url);

    [LoggerMessage(EventId = EventIds.AccountFound, Level = LogLevel.Debug, Message = "ACME account found again for this key: {Url}")]
    private static partial void LogAccountFound(ILogger logger, Uri url);

    [LoggerMessage(EventId = EventIds.OrderCreated, Level = LogLevel.Debug, Message = "ACME order {Url} for {Names}")]
    private static partial void LogOrderCreated(ILogger logger, Uri url, string names);

    [LoggerMessage(EventId = EventIds.AuthorizationValid, Level = LogLevel.Debug, Message = "ACME authorization for {Name} is valid")]
    private static partial void LogAuthorizationValid(ILogger logger, string name);

    [LoggerMessage(EventId = EventIds.AuthorizationFailed, Level = LogLevel.Debug, Message = "ACME authorization for {Name} is {Status}: {Problem}")]
    private static partial void LogAuthorizationFailed(ILogger logger, string name, AcmeAuthorizationStatus status, string problem);

    [LoggerMessage(EventId = EventIds.OrderFinalized, Level = LogLevel.Debug, Message = "ACME order {Url} finalized")]
    private static partial void LogOrderFinalized(ILogger logger, Uri url);
}
