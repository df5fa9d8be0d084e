using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.Certificates;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Fakes;

namespace PortFwd.Web.Tests.Certificates;

/// <summary>HTTPS rules on real ports of 127.0.0.1 in front of a real backend: certificates by SNI, HTTP/1.1 and HTTP/2, HSTS, the redirect and ACME challenges.</summary>
public sealed class HttpsRuleTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    private static Task<LocalHttpServer> BackendAsync(string name) =>
        LocalHttpServer.StartAsync(context => context.Response.WriteAsync($"{name}:{context.Request.Path}{context.Request.QueryString}"));

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task A_self_signed_https_rule_reaches_the_backend_with_its_host_and_forwarded_proto_https(string version)
    {
        await using var backend = await BackendAsync("app");
        var port = LoopbackPorts.Free();
        var rule = await Api.CreateRuleAsync(HttpsRules.Rule("App " + version, port, backend.BaseUrl.Port, "selfSigned", ["app.test"]), Ct);
        var status = await Api.WaitUntilActiveAsync(rule, Ct);
        Assert.Equal("active", (string?)status["state"]);
        Assert.Equal($"https/127.0.0.1:{port}", (string?)status["listening"]![0]);

        using var client = new TlsClient(port);
        using var response = await client.GetAsync($"https://app.test:{port}/hello?x=1", Version.Parse(version), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Version.Parse(version), response.Version);
        Assert.Equal("app:/hello?x=1", await response.Content.ReadAsStringAsync(Ct));
        var received = Assert.Single(backend.Received);
        Assert.Equal($"app.test:{port}", received.Header("Host"));
        Assert.Equal("https", received.Header("X-Forwarded-Proto"));
        Assert.Contains("app.test", TlsClient.Names(Assert.Single(client.Served)));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Two_rules_with_other_host_names_on_one_port_each_present_their_own_certificate()
    {
        await using var backend = await BackendAsync("two");
        var port = LoopbackPorts.Free();
        var one = await Api.CreateRuleAsync(HttpsRules.Rule("One", port, backend.BaseUrl.Port, "selfSigned", ["one.test"]), Ct);
        var two = await Api.CreateRuleAsync(HttpsRules.Rule("Two", port, backend.BaseUrl.Port, "selfSigned", ["two.test", "*.two.test"]), Ct);
        await Api.WaitUntilActiveAsync(one, Ct);
        await Api.WaitUntilActiveAsync(two, Ct);

        var first = await TlsClient.WaitForAsync(port, "one.test", c => c is not null, Ct);
        var second = await TlsClient.HandshakeAsync(port, "two.test", Ct);
        var wildcard = await TlsClient.HandshakeAsync(port, "www.two.test", Ct);

        Assert.Equal(["one.test"], TlsClient.Names(first));
        Assert.Equal(["two.test", "*.two.test"], TlsClient.Names(second));
        Assert.Equal(second!.Thumbprint, wildcard!.Thumbprint);
        Assert.Contains("CN=one.test", first!.Subject, StringComparison.Ordinal);

        // No rule names these, and none answers any name: the handshake is refused rather than showing another site's certificate.
        Assert.Null(await TlsClient.HandshakeAsync(port, "stranger.test", Ct));
        Assert.Null(await TlsClient.HandshakeAsync(port, null, Ct));
    }

    [Fact]
    public async Task A_rule_without_host_names_answers_unknown_names_with_a_certificate_for_this_machine()
    {
        await using var backend = await BackendAsync("any");
        var port = LoopbackPorts.Free();
        var rule = await Api.CreateRuleAsync(HttpsRules.Rule("Any name", port, backend.BaseUrl.Port, "selfSigned"), Ct);
        await Api.WaitUntilActiveAsync(rule, Ct);

        var served = await TlsClient.WaitForAsync(port, "stranger.test", c => c is not null, Ct);
        var bare = await TlsClient.HandshakeAsync(port, null, Ct);

        Assert.Contains(Dns.GetHostName().ToLowerInvariant(), TlsClient.Names(served));
        Assert.Equal(served!.Thumbprint, bare?.Thumbprint);

        using var list = await Api.GetAsync("/api/certificates", Ct);
        var certificate = (await list.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonArray>(Ct))!
            .Single(c => c!["ruleIds"]!.AsArray().Any(id => (int)id! == (int)rule["id"]!))!;
        Assert.Equal("selfSigned", (string?)certificate["source"]);
        Assert.Contains("do not trust", (string?)certificate["warning"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hsts_is_sent_only_on_answers_of_https_rules_that_ask_for_it()
    {
        await using var backend = await BackendAsync("hsts");
        var port = LoopbackPorts.Free();
        var plainPort = LoopbackPorts.Free();
        var strict = await Api.CreateRuleAsync(HttpsRules.Rule("Strict", port, backend.BaseUrl.Port, "selfSigned", ["strict.test"], hsts: true), Ct);
        var lax = await Api.CreateRuleAsync(HttpsRules.Rule("Lax", port, backend.BaseUrl.Port, "selfSigned", ["lax.test"]), Ct);
        var plain = await Api.CreateRuleAsync(HttpsRules.Rule("Plain", plainPort, backend.BaseUrl.Port), Ct);
        await Api.WaitUntilActiveAsync(strict, Ct);
        await Api.WaitUntilActiveAsync(lax, Ct);
        await Api.WaitUntilActiveAsync(plain, Ct);
        await TlsClient.WaitForAsync(port, "lax.test", c => c is not null, Ct);

        using var client = new TlsClient(port);
        using var strictAnswer = await client.GetAsync($"https://strict.test:{port}/", HttpVersion.Version11, Ct);
        using var laxAnswer = await client.GetAsync($"https://lax.test:{port}/", HttpVersion.Version11, Ct);
        using var http = new HttpClient();
        using var plainAnswer = await http.GetAsync($"http://127.0.0.1:{plainPort}/", Ct);

        Assert.Equal("max-age=31536000", string.Join(",", strictAnswer.Headers.GetValues("Strict-Transport-Security")));
        Assert.False(laxAnswer.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.OK, plainAnswer.StatusCode);
        Assert.False(plainAnswer.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("http", backend.Received.Last().Header("X-Forwarded-Proto"));
    }

    [Fact]
    public async Task The_redirect_port_answers_308_to_the_https_port_of_the_rule_the_name_belongs_to()
    {
        await using var backend = await BackendAsync("redirect");
        var (httpsA, httpsB, httpPort) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var a = await Api.CreateRuleAsync(HttpsRules.Rule("A", httpsA, backend.BaseUrl.Port, "selfSigned", ["a.test"], redirect: true, httpPort: httpPort), Ct);
        var b = await Api.CreateRuleAsync(HttpsRules.Rule("B", httpsB, backend.BaseUrl.Port, "selfSigned", ["b.test"], redirect: true, httpPort: httpPort), Ct);
        var status = await Api.WaitForStatusAsync(a, s => (string?)s["state"] == "active" && s["listening"]!.AsArray().Count == 2, Ct);
        await Api.WaitForStatusAsync(b, s => s["listening"]!.AsArray().Count == 2, Ct);
        Assert.Equal($"http/127.0.0.1:{httpPort} (redirect to https)", (string?)status["listening"]![1]);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var toA = await SendAsync(http, httpPort, "a.test", "/docs/page?q=1&r=two");
        using var toB = await SendAsync(http, httpPort, "b.test:" + httpPort, "/");
        using var stranger = await SendAsync(http, httpPort, "stranger.test", "/");

        Assert.Equal(HttpStatusCode.PermanentRedirect, toA.StatusCode);
        Assert.Equal($"https://a.test:{httpsA}/docs/page?q=1&r=two", toA.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.PermanentRedirect, toB.StatusCode);
        Assert.Equal($"https://b.test:{httpsB}/", toB.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Empty(backend.Received);

        // Turning the redirect off closes its port once no rule wants it.
        using var offA = await Api.PutJsonAsync($"/api/rules/{a["id"]}", HttpsRules.Rule("A", httpsA, backend.BaseUrl.Port, "selfSigned", ["a.test"]), Ct);
        using var offB = await Api.PutJsonAsync($"/api/rules/{b["id"]}", HttpsRules.Rule("B", httpsB, backend.BaseUrl.Port, "selfSigned", ["b.test"]), Ct);
        Assert.Equal(HttpStatusCode.OK, offB.StatusCode);
        await LoopbackPorts.WaitUntilAsync(httpPort, accepting: false, Ct);
    }

    [Fact]
    public async Task An_acme_challenge_is_answered_on_the_redirect_port_and_on_a_plain_rules_port()
    {
        await using var backend = await BackendAsync("plain");
        var (httpsPort, httpPort, plainPort) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var https = await Api.CreateRuleAsync(HttpsRules.Rule("Challenged", httpsPort, backend.BaseUrl.Port, "selfSigned", ["c.test"], redirect: true, httpPort: httpPort), Ct);
        var plain = await Api.CreateRuleAsync(HttpsRules.Rule("Plain site", plainPort, backend.BaseUrl.Port, hostNames: ["plain.test"]), Ct);
        await Api.WaitForStatusAsync(https, s => s["listening"]!.AsArray().Count == 2, Ct);
        await Api.WaitUntilActiveAsync(plain, Ct);
        var answers = panel.Factory.Services.GetRequiredService<AcmeChallengeAnswers>();
        answers.Set("token-123", "token-123.thumbprint");
        try
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var onRedirect = await SendAsync(http, httpPort, "c.test", "/.well-known/acme-challenge/token-123");
            using var onPlain = await SendAsync(http, plainPort, "plain.test", "/.well-known/acme-challenge/token-123");
            using var unknownToken = await SendAsync(http, plainPort, "plain.test", "/.well-known/acme-challenge/other");

            Assert.Equal(HttpStatusCode.OK, onRedirect.StatusCode);
            Assert.Equal("token-123.thumbprint", await onRedirect.Content.ReadAsStringAsync(Ct));
            Assert.Equal(HttpStatusCode.OK, onPlain.StatusCode);
            Assert.Equal("token-123.thumbprint", await onPlain.Content.ReadAsStringAsync(Ct));
            // A token the panel does not hold is the backend's business (it may answer challenges of its own).
            Assert.Equal("plain:/.well-known/acme-challenge/other", await unknownToken.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            answers.Remove("token-123");
        }

        using var http2 = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var afterwards = await SendAsync(http2, httpPort, "c.test", "/.well-known/acme-challenge/token-123");
        Assert.Equal(HttpStatusCode.PermanentRedirect, afterwards.StatusCode);
    }

    [Fact]
    public async Task An_acme_rule_without_its_certificate_waits_while_other_rules_on_the_port_keep_working()
    {
        await using var backend = await BackendAsync("neighbour");
        var port = LoopbackPorts.Free();
        var acme = await Api.CreateRuleAsync(HttpsRules.Rule("Waiting", port, backend.BaseUrl.Port, "acme", ["waiting.example.com"]), Ct);
        var neighbour = await Api.CreateRuleAsync(HttpsRules.Rule("Neighbour", port, backend.BaseUrl.Port, "selfSigned", ["neighbour.test"]), Ct);
        await Api.WaitUntilActiveAsync(neighbour, Ct);

        var status = await Api.WaitForStatusAsync(acme, s => (string?)s["message"] is { } m && m.Contains("Waiting", StringComparison.Ordinal), Ct);

        Assert.Equal("pending", (string?)status["state"]);
        Assert.Contains("certificate", (string?)status["message"], StringComparison.Ordinal);
        Assert.Null(await TlsClient.HandshakeAsync(port, "waiting.example.com", Ct));
        using var client = new TlsClient(port);
        using var answer = await client.GetAsync($"https://neighbour.test:{port}/still", HttpVersion.Version11, Ct);
        Assert.Equal("neighbour:/still", await answer.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_chain_issued_for_an_acme_rule_is_served_at_once_and_its_renewal_replaces_it_without_dropping_a_connection()
    {
        await using var backend = await BackendAsync("issued");
        var port = LoopbackPorts.Free();
        var rule = await Api.CreateRuleAsync(HttpsRules.Rule("Issued", port, backend.BaseUrl.Port, "acme", ["issued.example.com"]), Ct);
        await Api.WaitForStatusAsync(rule, s => (string?)s["state"] == "pending" && s["listening"]!.AsArray().Count == 1, Ct);
        var certificates = panel.Factory.Services.GetRequiredService<CertificateService>();
        using var root = TestCertificates.Authority("Issuing Root");
        using var intermediate = TestCertificates.Authority("Issuing Intermediate", root);
        using var first = TestCertificates.Server(["issued.example.com"], intermediate);
        using var renewed = TestCertificates.Server(["issued.example.com"], intermediate);

        // What the ACME part does once the CA has issued: the chain and the key, for the names (blocks glued without a line break are read too).
        var stored = await certificates.StoreIssuedAsync(["issued.example.com"], first.ExportCertificatePem() + intermediate.ExportCertificatePem(), TestCertificates.KeyPem(first), Ct);
        await Api.WaitUntilActiveAsync(rule, Ct);
        Assert.Equal(first.Thumbprint, (await TlsClient.WaitForAsync(port, "issued.example.com", c => c is not null, Ct))?.Thumbprint);
        using var open = new TlsClient(port);
        using (var before = await open.GetAsync($"https://issued.example.com:{port}/before", HttpVersion.Version20, Ct))
        {
            Assert.Equal("issued:/before", await before.Content.ReadAsStringAsync(Ct));
        }

        var renewal = await certificates.StoreIssuedAsync(["issued.example.com"], renewed.ExportCertificatePem() + intermediate.ExportCertificatePem(), TestCertificates.KeyPem(renewed), Ct);
        await certificates.RecordRenewalAsync(renewal.Id, Core.Certificates.RenewalResult.Renewed, Core.Rules.Validation.ValidationMessage.Plain("Renewed by the CA."), Ct);

        Assert.Equal(stored.Id, renewal.Id);
        Assert.Equal(renewed.Thumbprint, (await TlsClient.WaitForAsync(port, "issued.example.com", c => c?.Thumbprint == renewed.Thumbprint, Ct))?.Thumbprint);
        using var after = await open.GetAsync($"https://issued.example.com:{port}/after", HttpVersion.Version20, Ct);
        Assert.Equal("issued:/after", await after.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, open.Connections);
        using var list = await Api.GetAsync("/api/certificates", Ct);
        var listed = (await list.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonArray>(Ct))!.Single(c => (int)c!["id"]! == stored.Id)!;
        Assert.Equal(("acme", "renewed", "Renewed by the CA."), ((string?)listed["source"], (string?)listed["lastRenewal"]!["result"], (string?)listed["lastRenewal"]!["message"]));
        Assert.Equal([(int)rule["id"]!], listed["ruleIds"]!.AsArray().Select(id => (int)id!));
        Assert.NotNull(listed["renewedAt"]);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, int port, string host, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{pathAndQuery}");
        request.Headers.Host = host;
        return http.SendAsync(request, Ct);
    }
}
