using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortFwd.Acme;

namespace PortFwd.Web.Certificates.Acme;

/// <summary>What the issuer asks of an ACME CA (the real one is <see cref="AcmeClient"/>; tests give a fake).</summary>
public interface IAcmeAuthority
{
    Task<AcmeResult<IssuedCertificate>> IssueAsync(IReadOnlyList<string> names, AsymmetricAlgorithm certificateKey,
        IHttpChallengeResponder responder, string? replaces, CancellationToken ct);

    Task<AcmeResult<RenewalInfo>> GetRenewalInfoAsync(X509Certificate2 certificate, CancellationToken ct);
}

/// <summary>The CA in use now (production or staging), or null when issuing is off.</summary>
public interface IAcmeAuthorities
{
    Task<IAcmeAuthority?> CurrentAsync(CancellationToken ct);
}

/// <summary>
/// One <see cref="AcmeClient"/> per directory URL, made on first use (so nothing talks to a CA before a rule needs a
/// certificate), over an HttpClient that trusts the system's roots and <see cref="AcmeOptions.TrustedCertificates"/>.
/// </summary>
internal sealed class AcmeAuthorities(
    AcmeAccountStore account,
    IHttpClientFactory http,
    ILogger<AcmeClient> logger) : IAcmeAuthorities
{
    public const string HttpClientName = "acme";

    private readonly Lock _gate = new();
    private (Uri Url, Authority Authority)? _current;

    public async Task<IAcmeAuthority?> CurrentAsync(CancellationToken ct)
    {
        if (account.DirectoryUrl is not { } url)
        {
            return null;
        }

        lock (_gate)
        {
            if (_current is { } current && current.Url == url)
            {
                return current.Authority;
            }
        }

        var key = await account.GetAccountKeyAsync(ct);
        var client = new AcmeClient(http.CreateClient(HttpClientName), url, key, new AcmeClientOptions { Email = account.Email },
            // Waits for the CA's decisions are waits on the network, in real time; when to renew is the issuer's clock.
            TimeProvider.System, logger);
        var authority = new Authority(client);
        lock (_gate)
        {
            _current = (url, authority);
        }

        return authority;
    }

    /// <summary>The ACME HttpClient's handler: the system's roots, plus the configured private CA's certificates.</summary>
    public static SocketsHttpHandler CreateHandler(AcmeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        var trusted = options.TrustedCertificates;
        if (trusted.Count > 0)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusts(certificate, errors, trusted);
        }

        return handler;
    }

    private static bool Trusts(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection trusted)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only an untrusted chain is looked at again; a wrong name or no certificate stays refused.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        return chain.Build(leaf);
    }

    private sealed class Authority(AcmeClient client) : IAcmeAuthority
    {
        public Task<AcmeResult<IssuedCertificate>> IssueAsync(IReadOnlyList<string> names, AsymmetricAlgorithm certificateKey,
            IHttpChallengeResponder responder, string? replaces, CancellationToken ct) => client.IssueAsync(names, certificateKey, responder, replaces, ct);

        public Task<AcmeResult<RenewalInfo>> GetRenewalInfoAsync(X509Certificate2 certificate, CancellationToken ct) => client.GetRenewalInfoAsync(certificate, ct);
    }
}
