using System.Security.Cryptography;
using PortFwd.Acme.Tests.Support;
using PortFwd.Testing.Acme;

namespace PortFwd.Acme.Tests.Pebble;

/// <summary>What each Pebble test sets up: the CA, a responder on its challenge port (or none), a new account key,
/// a certificate key and a client logging into the test's output.</summary>
internal sealed class PebbleScene : IAsyncDisposable
{
    public static readonly AcmeClientOptions FastPolling = new() { PollInterval = TimeSpan.FromMilliseconds(250), PollTimeout = TimeSpan.FromSeconds(60) };

    private PebbleScene(PebbleServer pebble, ChallengeResponder? responder, AcmeClientOptions options)
    {
        Pebble = pebble;
        Responder = responder;
        Http = pebble.CreateHttpClient();
        Client = new AcmeClient(Http, pebble.DirectoryUrl, AccountKey, options, logger: Log);
    }

    public PebbleServer Pebble { get; }

    /// <summary>Kestrel on Pebble's HTTP-01 port; null when the test wants nothing listening there.</summary>
    public ChallengeResponder? Responder { get; }

    public HttpClient Http { get; }

    public AcmeAccountKey AccountKey { get; } = AcmeAccountKey.Create();

    public ECDsa CertificateKey { get; } = AcmeClient.CreateCertificateKey();

    public EventCounter<AcmeClient> Log { get; } = new();

    public AcmeClient Client { get; }

    public static async Task<PebbleScene> StartAsync(PebbleSettings? settings = null, bool listen = true,
        Func<string, string>? tamper = null, AcmeClientOptions? options = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var pebble = await PebbleServer.StartAsync(settings, ct);
        try
        {
            var responder = listen ? await ChallengeResponder.StartAsync(pebble.HttpChallengePort, ct, tamper) : null;
            return new PebbleScene(pebble, responder, options ?? FastPolling);
        }
        catch
        {
            await pebble.DisposeAsync();
            throw;
        }
    }

    /// <summary>Issues for <paramref name="names"/> through the responder (or one that publishes nowhere).</summary>
    public Task<AcmeResult<IssuedCertificate>> IssueAsync(params string[] names) =>
        Client.IssueAsync(names, CertificateKey, Responder ?? (IHttpChallengeResponder)new AbsentResponder(), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        AccountKey.Dispose();
        CertificateKey.Dispose();
        if (Responder is not null)
        {
            await Responder.DisposeAsync();
        }

        await Pebble.DisposeAsync();
    }
}
