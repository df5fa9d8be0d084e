using System.Security.Cryptography.X509Certificates;
using PortFwd.Acme.Tests.Support;
using PortFwd.Testing.Acme;

namespace PortFwd.Acme.Tests.Pebble;

/// <summary>The client against the real Pebble CA on loopback, with a real HTTP-01 responder on Pebble's challenge port.</summary>
public sealed class PebbleIssuanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_account_is_created_once_and_found_again_for_the_same_key()
    {
        await using var scene = await PebbleScene.StartAsync(listen: false, options: PebbleScene.FastPolling with { Email = "admin@app.test" });

        var first = await scene.Client.CreateAccountAsync(Ct);
        using var saved = AcmeAccountKey.FromPkcs8(scene.AccountKey.ExportPkcs8());
        var again = await new AcmeClient(scene.Http, scene.Pebble.DirectoryUrl, saved).CreateAccountAsync(Ct);

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
        await using var scene = await PebbleScene.StartAsync();

        var issued = await scene.IssueAsync("app.test", "www.app.test");

        Assert.True(issued.IsSuccess, issued.Error?.Message + Environment.NewLine + scene.Pebble.Output);
        var certificate = issued.Value;
        Assert.Equal(["app.test", "www.app.test"], certificate.Names.Order());
        Assert.True(scene.Responder!.Fetches >= 2, $"Pebble fetched {scene.Responder.Fetches} challenge answers");
        Assert.Empty(scene.Responder.Published);
        Assert.NotNull(scene.Client.AccountUrl);

        using var root = await scene.Pebble.GetRootAsync(Ct);
        using var intermediate = await scene.Pebble.GetIntermediateAsync(Ct);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificate.ChainPem);
        try
        {
            var leaf = chain[0];
            Assert.Equal(intermediate.Subject, certificate.Issuer);
            Assert.Equal(leaf.NotAfter.ToUniversalTime(), certificate.NotAfter.UtcDateTime);
            Assert.True(certificate.NotBefore < certificate.NotAfter);
            using var leafKey = leaf.GetECDsaPublicKey();
            Assert.Equal(scene.CertificateKey.ExportSubjectPublicKeyInfo(), leafKey!.ExportSubjectPublicKeyInfo());

            using var verify = new X509Chain();
            verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            verify.ChainPolicy.CustomTrustStore.Add(root);
            verify.ChainPolicy.ExtraStore.AddRange(chain);
            verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(verify.Build(leaf), string.Join("; ", verify.ChainStatus.Select(s => s.StatusInformation)));
            Assert.Equal(root.Thumbprint, verify.ChainElements[^1].Certificate.Thumbprint);
        }
        finally
        {
            foreach (var c in chain)
            {
                c.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_renewal_that_names_the_certificate_it_replaces_is_issued_with_a_new_key()
    {
        await using var scene = await PebbleScene.StartAsync();
        var first = await scene.IssueAsync("app.test");
        Assert.True(first.IsSuccess, first.Error?.Message);
        using var firstLeaf = X509Certificate2.CreateFromPem(first.Value.ChainPem);
        var replaces = RenewalInfo.CertificateId(firstLeaf);
        Assert.NotNull(replaces);
        using var newKey = AcmeClient.CreateCertificateKey();

        var renewed = await scene.Client.IssueAsync(["app.test"], newKey, scene.Responder!, replaces, Ct);

        Assert.True(renewed.IsSuccess, renewed.Error?.Message);
        using var renewedLeaf = X509Certificate2.CreateFromPem(renewed.Value.ChainPem);
        Assert.NotEqual(firstLeaf.SerialNumber, renewedLeaf.SerialNumber);
        using var renewedKey = renewedLeaf.GetECDsaPublicKey();
        Assert.Equal(newKey.ExportSubjectPublicKeyInfo(), renewedKey!.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Issuing_survives_Pebble_rejecting_a_third_of_all_nonces()
    {
        // A third rejected: ten tries leave one request in 60,000 failing. An issuance makes about eight
        // signed requests, so one in 25 meets no rejection at all; issuing again (at most five names, about
        // one in 10^7 without a rejection) until Pebble has rejected one keeps the retry path proven.
        await using var scene = await PebbleScene.StartAsync(new PebbleSettings(NonceRejectPercent: 33),
            options: PebbleScene.FastPolling with { BadNonceRetries = 10 });

        for (var i = 0; i < 5 && scene.Log[EventIds.BadNonceRetried] == 0; i++)
        {
            var issued = await scene.IssueAsync($"app{i}.test");
            Assert.True(issued.IsSuccess, issued.Error?.Message);
        }

        Assert.True(scene.Log[EventIds.BadNonceRetried] > 0, "Pebble rejected no nonce in five issuances, so nothing was retried");
    }

    [Fact]
    public async Task A_name_Pebble_cannot_reach_fails_its_authorization_with_Pebbles_reason()
    {
        // Nothing listens on the challenge port.
        await using var scene = await PebbleScene.StartAsync(listen: false);

        var issued = await scene.IssueAsync("app.test");

        Assert.False(issued.IsSuccess);
        Assert.Equal(AcmeErrorKind.AuthorizationFailed, issued.Error.Kind);
        Assert.Equal("app.test", issued.Error.Identifier);
        Assert.NotNull(issued.Error.Problem?.Detail);
        Assert.Equal("connection", issued.Error.Problem.Name);
        Assert.Equal($"The CA could not validate app.test: {issued.Error.Problem.Detail}", issued.Error.Message);
        Assert.Contains($":{scene.Pebble.HttpChallengePort}", issued.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_responder_that_cannot_publish_fails_the_name_as_a_value_not_an_exception()
    {
        await using var scene = await PebbleScene.StartAsync(listen: false);
        using var certificateKey = AcmeClient.CreateCertificateKey();

        var issued = await scene.Client.IssueAsync(["app.test"], certificateKey, new BrokenResponder(), Ct);

        Assert.False(issued.IsSuccess);
        Assert.Equal(AcmeErrorKind.AuthorizationFailed, issued.Error.Kind);
        Assert.Equal("app.test", issued.Error.Identifier);
        Assert.Equal("The answer to the CA's challenge for app.test could not be published: port 80 is in use by another program", issued.Error.Message);
    }

    [Fact]
    public async Task A_wrong_key_authorization_fails_the_name_with_Pebbles_reason()
    {
        await using var scene = await PebbleScene.StartAsync(tamper: keyAuthorization => keyAuthorization + "x");

        var issued = await scene.IssueAsync("www.app.test");

        Assert.False(issued.IsSuccess);
        Assert.Equal(AcmeErrorKind.AuthorizationFailed, issued.Error.Kind);
        Assert.Equal("www.app.test", issued.Error.Identifier);
        Assert.Equal("unauthorized", issued.Error.Problem?.Name);
        Assert.Contains(issued.Error.Problem!.Detail!, issued.Error.Message, StringComparison.Ordinal);
        Assert.True(scene.Responder!.Fetches > 0);
        Assert.Empty(scene.Responder.Published);
    }

    [Fact]
    public async Task A_CA_whose_TLS_certificate_is_not_trusted_is_a_network_error_that_says_so()
    {
        await using var scene = await PebbleScene.StartAsync(listen: false);
        using var systemTrust = new HttpClient();
        using var key = AcmeAccountKey.Create();

        var account = await new AcmeClient(systemTrust, scene.Pebble.DirectoryUrl, key).CreateAccountAsync(Ct);

        Assert.False(account.IsSuccess);
        Assert.Equal(AcmeErrorKind.Network, account.Error.Kind);
        Assert.StartsWith($"Could not reach the CA at 127.0.0.1:{scene.Pebble.AcmePort}: its TLS certificate is not trusted", account.Error.Message, StringComparison.Ordinal);
        Assert.Equal("UntrustedCertificate", account.Error.Code);
        Assert.Equal($"Could not reach the CA at {account.Error.Arguments[0]}: its TLS certificate is not trusted ({account.Error.Arguments[1]})", account.Error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("*.app.test")]
    public async Task A_name_that_HTTP_01_cannot_prove_is_refused_before_anything_is_published(string name)
    {
        await using var scene = await PebbleScene.StartAsync();

        var issued = await scene.IssueAsync("app.test", name);

        Assert.False(issued.IsSuccess);
        Assert.Equal(AcmeErrorKind.Rejected, issued.Error.Kind);
        Assert.Equal(name, issued.Error.Identifier);
        Assert.StartsWith($"'{name}' cannot be in a certificate", issued.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, scene.Responder!.Fetches);
    }
}
