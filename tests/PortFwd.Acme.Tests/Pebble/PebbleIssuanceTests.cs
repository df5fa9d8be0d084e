using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortFwd.Acme.Tests.Support;
using PortFwd.Testing.Acme;

namespace PortFwd.Acme.Tests.Pebble;

/// <summary>The client against the real Pebble CA on loopback, with a real HTTP-01 responder on Pebble's challenge port.</summary>
public sealed class PebbleIssuanceTests
{
    private static readonly AcmeClientOptions FastPolling = new() { PollInterval = TimeSpan.FromMilliseconds(250), PollTimeout = TimeSpan.FromSeconds(60) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AcmeClient ClientFor(PebbleServer pebble, HttpClient http, AcmeAccountKey key, AcmeClientOptions? options = null,
        EventCounter<AcmeClient>? log = null) =>
        new(http, pebble.DirectoryUrl, key, options ?? FastPolling, logger: log ?? new EventCounter<AcmeClient>());

    [Fact]
    public async Task An_account_is_created_once_and_found_again_for_the_same_key()
    {
        await using var pebble = await PebbleServer.StartAsync(PebbleSettings.Default, Ct);
        using var http = pebble.CreateHttpClient();
        using var key = AcmeAccountKey.Create();

        var first = await new AcmeClient(http, pebble.DirectoryUrl, key, FastPolling with { Email = "admin@app.test" }).CreateAccountAsync(Ct);
        using var saved = AcmeAccountKey.FromPkcs8(key.ExportPkcs8());
        var again = await new AcmeClient(http, pebble.DirectoryUrl, saved, FastPolling).CreateAccountAsync(Ct);

        Assert.True(first.IsSuccess, first.Error?.Message);
        Assert.True(first.Value.Created);
        Assert.Equal(["mailto:admin@app.test"], first.Value.Contact);
        Assert.True(again.IsSuccess, again.Error?.Message);
        Assert.False(again.Value.Created);
        Assert.Equal(first.Value.Url, again.Value.Url);
    }

    [Fact]
    public async Task A_certificate_for_two_names_is_issued_through_HTTP_01_and_chains_to_Pebbles_root()
    {
        await using var pebble = await PebbleServer.StartAsync(PebbleSettings.Default, Ct);
        await using var responder = await ChallengeResponder.StartAsync(pebble.HttpChallengePort, Ct);
        using var http = pebble.CreateHttpClient();
        using var key = AcmeAccountKey.Create();
        using var certificateKey = AcmeClient.CreateCertificateKey();
        var client = ClientFor(pebble, http, key);

        var issued = await client.IssueAsync(["app.test", "www.app.test"], certificateKey, responder, Ct);

        Assert.True(issued.IsSuccess, issued.Error?.Message + Environment.NewLine + pebble.Output);
        var certificate = issued.Value;
        Assert.Equal(["app.test", "www.app.test"], certificate.Names.Order());
        Assert.True(responder.Fetches >= 2, $"Pebble fetched {responder.Fetches} challenge answers");
        Assert.Empty(responder.Published);
        Assert.NotNull(client.AccountUrl);

        using var root = await pebble.GetRootAsync(Ct);
        using var intermediate = await pebble.GetIntermediateAsync(Ct);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificate.ChainPem);
        using var leaf = chain[0];
        Assert.Equal(intermediate.Subject, certificate.Issuer);
        Assert.Equal(leaf.NotAfter.ToUniversalTime(), certificate.NotAfter.UtcDateTime);
        Assert.True(certificate.NotBefore < certificate.NotAfter);
        using var leafKey = leaf.GetECDsaPublicKey();
        Assert.Equal(certificateKey.ExportSubjectPublicKeyInfo(), leafKey!.ExportSubjectPublicKeyInfo());

        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.Add(root);
        verify.ChainPolicy.ExtraStore.AddRange(chain);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(verify.Build(leaf), string.Join("; ", verify.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(root.Thumbprint, verify.ChainElements[^1].Certificate.Thumbprint);
        foreach (var c in chain)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task Issuing_survives_Pebble_rejecting_a_third_of_all_nonces()
    {
        await using var pebble = await PebbleServer.StartAsync(new PebbleSettings(NonceRejectPercent: 33), Ct);
        await using var responder = await ChallengeResponder.StartAsync(pebble.HttpChallengePort, Ct);
        using var http = pebble.CreateHttpClient();
        using var key = AcmeAccountKey.Create();
        using var certificateKey = AcmeClient.CreateCertificateKey();
        var log = new EventCounter<AcmeClient>();
        // A third rejected: ten tries leave one request in 60,000 failing, with a dozen requests per issuance.
        var client = ClientFor(pebble, http, key, FastPolling with { BadNonceRetries = 10 }, log);

        var issued = await client.IssueAsync(["app.test"], certificateKey, responder, Ct);

        Assert.True(issued.IsSuccess, issued.Error?.Message);
        Assert.True(log[EventIds.BadNonceRetried] > 0, "Pebble rejected no nonce, so nothing was retried");
    }

    [Fact]
    public async Task A_name_Pebble_cannot_reach_fails_its_authorization_with_Pebbles_reason()
    {
        await using var pebble = await PebbleServer.StartAsync(PebbleSettings.Default, Ct);
        using var http = pebble.CreateHttpClient();
        using var key = AcmeAccountKey.Create();
        using var certificateKey = AcmeClient.CreateCertificateKey();
        var client = ClientFor(pebble, http, key);

        // Nothing listens on the challenge port.
        var issued = await client.IssueAsync(["app.test"], certificateKey, new AbsentResponder(), Ct);

        Assert.False(issued.IsSuccess);
        Assert.Equal(AcmeErrorKind.AuthorizationFailed, issued.Error.Kind);
        Assert.Equal("app.test", issued.Error.Identifier);
        Assert.NotNull(issued.Error.Problem?.Detail);
        Assert.Equal("connection", issued.Error.Problem.Name);
        Assert.Equal($"The CA could not validate app.test: {issued.Error.Problem.Detail}", issued.Error.Message);
        Assert.Contains($":{pebble.HttpChallengePort}", issued.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_authorization_fails_the_name_with_Pebbles_reason()
    {
        await using var pebble = await PebbleServer.StartAsync(PebbleSettings.Default, Ct);
        await using var responder = await ChallengeResponder.StartAsync(pebble.HttpChallengePort, Ct, tamper: keyAuthorization => keyAuthorization + "x");
        using var http = pebble.CreateHttpClient();
        using var key = AcmeAccountKey.Create();
        using var certificateKey = AcmeClient.CreateCertificateKey();
        var client = ClientFor(pebble, http, key);

        var issued = await client.IssueAsync(["www.app.test"], certificateKey, responder, Ct);

        Assert.False(issued.IsSuccess);
        Assert.Equal(AcmeErrorKind.AuthorizationFailed, issued.Error.Kind);
        Assert.Equal("www.app.test", issued.Error.Identifier);
        Assert.Equal("unauthorized", issued.Error.Problem?.Name);
        Assert.Contains(issued.Error.Problem!.Detail!, issued.Error.Message, StringComparison.Ordinal);
        Assert.True(responder.Fetches > 0);
        Assert.Empty(responder.Published);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("*.app.test")]
    public async Task A_name_that_HTTP_01_cannot_prove_is_refused_before_anything_is_published(string name)
    {
        await using var pebble = await PebbleServer.StartAsync(PebbleSettings.Default, Ct);
        await using var responder = await ChallengeResponder.StartAsync(pebble.HttpChallengePort, Ct);
        using var http = pebble.CreateHttpClient();
        using var key = AcmeAccountKey.Create();
        using var certificateKey = AcmeClient.CreateCertificateKey();
        var client = ClientFor(pebble, http, key);

        var issued = await client.IssueAsync(["app.test", name], certificateKey, responder, Ct);

        Assert.False(issued.IsSuccess);
        Assert.Equal(AcmeErrorKind.Rejected, issued.Error.Kind);
        Assert.Equal(name, issued.Error.Identifier);
        Assert.StartsWith($"'{name}' cannot be in a certificate", issued.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, responder.Fetches);
    }
}
