using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Testing.Acme;
using PortFwd.Web.Certificates;
using PortFwd.Web.Certificates.Acme;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Fakes;

namespace PortFwd.Web.Tests.Certificates;

/// <summary>
/// <c>tls: acme</c> end to end through the real panel against Debian's Pebble on loopback: the certificate is ordered,
/// served, renewed by the clock, and a CA's refusal shows on the rule and the certificate and is tried again later.
/// </summary>
public sealed class AcmeIssuingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<LocalHttpServer> BackendAsync() =>
        LocalHttpServer.StartAsync(context => context.Response.WriteAsync($"app:{context.Request.Path}"));

    private static PanelFactory Panel(PebbleServer pebble, int challengePort, TimeProvider? clock = null) =>
        new(settings: new Dictionary<string, string?>
        {
            ["PortFwd:Acme:DirectoryUrl"] = pebble.DirectoryUrl.ToString(),
            ["PortFwd:Acme:TrustedCertificatePath"] = pebble.TlsCertificatePath,
            ["PortFwd:Acme:ChallengePort"] = challengePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PortFwd:Acme:Email"] = "owner@example.org",
        })
        { Clock = clock };

    [Fact]
    public async Task An_acme_rule_gets_its_certificate_from_the_CA_and_serves_https_with_a_redirect_from_plain_http()
    {
        await using var pebble = await PebbleServer.StartAsync(null, Ct);
        await using var backend = await BackendAsync();
        await using var factory = Panel(pebble, pebble.HttpChallengePort);
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var port = LoopbackPorts.Free();

        // The redirect port is the CA's challenge port: its listener answers the challenge, then redirects.
        var rule = await api.CreateRuleAsync(HttpsRules.Rule("App", port, backend.BaseUrl.Port, "acme", ["app.test"], redirect: true, httpPort: pebble.HttpChallengePort), Ct);
        var status = await api.WaitForStatusAsync(rule, s => (string?)s["state"] is "active" or "error", Ct, TimeSpan.FromSeconds(60));

        Assert.True((string?)status["state"] == "active", $"{status}\n{pebble.Output}");
        using var intermediate = await pebble.GetIntermediateAsync(Ct);
        using var root = await pebble.GetRootAsync(Ct);
        var served = await TlsClient.WaitForAsync(port, "app.test", c => c is not null, Ct);
        Assert.Equal(intermediate.Subject, served!.Issuer);
        Assert.Equal(["app.test"], TlsClient.Names(served));

        using var trusting = TrustingClient(port, root);
        using var response = await trusting.GetAsync($"https://app.test:{port}/hello", Ct);
        Assert.Equal("app:/hello", await response.Content.ReadAsStringAsync(Ct));
        var received = Assert.Single(backend.Received);
        Assert.Equal($"app.test:{port}", received.Header("Host"));
        Assert.Equal("https", received.Header("X-Forwarded-Proto"));

        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        using var redirect = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{pebble.HttpChallengePort}/hello?x=1");
        redirect.Headers.Host = "app.test";
        using var redirected = await plain.SendAsync(redirect, Ct);
        Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
        Assert.Equal($"https://app.test:{port}/hello?x=1", redirected.Headers.Location?.ToString());

        using var list = await api.GetAsync("/api/certificates", Ct);
        var listed = Assert.Single((await list.Content.ReadFromJsonAsync<JsonArray>(Ct))!);
        Assert.Equal("acme", (string?)listed!["source"]);
        Assert.Equal([(int)rule["id"]!], listed["ruleIds"]!.AsArray().Select(id => (int)id!));

        if (CurlPath() is { } curl)
        {
            var rootPath = Path.Combine(factory.DataDirectory, "pebble-root.pem");
            await File.WriteAllTextAsync(rootPath, root.ExportCertificatePem(), Ct);
            var (exit, output) = await RunAsync(curl, ["-sS", "--max-time", "15", "--resolve", $"app.test:{port}:127.0.0.1", "--cacert", rootPath, $"https://app.test:{port}/curl"]);
            Assert.True(exit == 0, output);
            Assert.Equal("app:/curl", output);
        }
    }

    [Fact]
    public async Task Renewal_due_by_the_clock_replaces_the_certificate_while_a_connection_opened_before_keeps_working()
    {
        // 40 days, not Pebble's 5 years: moving the fake clock fires the panel's 1-second timers once per simulated second.
        await using var pebble = await PebbleServer.StartAsync(new PebbleSettings(CertificateValidityDays: 40), Ct);
        await using var backend = await BackendAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // No rule listens on the challenge port: the panel opens a challenge-only listener there for each order.
        await using var factory = Panel(pebble, pebble.HttpChallengePort, clock);
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var port = LoopbackPorts.Free();
        var rule = await api.CreateRuleAsync(HttpsRules.Rule("Renewed", port, backend.BaseUrl.Port, "acme", ["renew.test"]), Ct);
        var status = await api.WaitForStatusAsync(rule, s => (string?)s["state"] is "active" or "error", Ct, TimeSpan.FromSeconds(60));
        Assert.True((string?)status["state"] == "active", $"{status}\n{pebble.Output}");
        var first = await TlsClient.WaitForAsync(port, "renew.test", c => c is not null, Ct);
        var watch = Stopwatch.StartNew();
        var stages = new List<string>();
        void Stage(string what) => stages.Add($"{watch.Elapsed}: {what}");
        Stage($"first {first?.Thumbprint} {first?.NotAfter:o}");
        using var open = new TlsClient(port);
        using (var before = await open.GetAsync($"https://renew.test:{port}/before", HttpVersion.Version11, Ct))
        {
            Assert.Equal("app:/before", await before.Content.ReadAsStringAsync(Ct));
        }

        Stage("before answered");
        // Ten days before expiry: past 30 days before, and inside any renewal window the CA gives.
        clock.Advance(first!.NotAfter.ToUniversalTime() - clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(10));
        Stage("advanced");

        var renewed = await TlsClient.WaitForAsync(port, "renew.test", c => c is not null && c.Thumbprint != first.Thumbprint, Ct, TimeSpan.FromSeconds(60));
        Stage($"renewed {renewed?.Thumbprint}");
        Assert.NotNull(renewed);
        Assert.NotEqual(first.Thumbprint, renewed.Thumbprint);
        using var after = await open.GetAsync($"https://renew.test:{port}/after", HttpVersion.Version11, Ct);
        Assert.Equal("app:/after", await after.Content.ReadAsStringAsync(Ct));
        Stage("after answered");
        Assert.True(open.Connections == 1, $"{open.Connections} connections\n{string.Join("\n", stages)}\n{pebble.Output}");

        // The token from before the jump has expired with the clock.
        using var later = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var listed = Assert.Single((await (await later.GetAsync("/api/certificates", Ct)).Content.ReadFromJsonAsync<JsonArray>(Ct))!)!;
        Assert.Equal("renewed", (string?)listed["lastRenewal"]!["result"]);
        Assert.NotNull(listed["renewedAt"]);
    }

    [Fact]
    public async Task A_challenge_the_CA_cannot_reach_shows_its_reason_on_the_rule_and_the_certificate_and_is_tried_again_only_after_a_wait()
    {
        await using var pebble = await PebbleServer.StartAsync(null, Ct);
        await using var backend = await BackendAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // The panel answers on another port than the one Pebble asks: nobody answers there.
        await using var factory = Panel(pebble, LoopbackPorts.Free(), clock);
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var certificates = factory.Services.GetRequiredService<CertificateService>();
        var progress = factory.Services.GetRequiredService<AcmeProgress>();

        // A certificate from an earlier CA for one name, ten days from expiry: its renewal is due and fails too.
        using var oldRoot = TestCertificates.Authority("Old Root");
        using var old = TestCertificates.Server(["old.test"], oldRoot, notAfter: clock.GetUtcNow().AddDays(10));
        var stored = await certificates.StoreIssuedAsync(["old.test"], old.ExportCertificatePem() + oldRoot.ExportCertificatePem(), TestCertificates.KeyPem(old), Ct);

        var port = LoopbackPorts.Free();
        var rule = await api.CreateRuleAsync(HttpsRules.Rule("Unreachable", port, backend.BaseUrl.Port, "acme", ["unreachable.test"]), Ct);
        await api.CreateRuleAsync(HttpsRules.Rule("Old", port, backend.BaseUrl.Port, "acme", ["old.test"]), Ct);
        var status = await api.WaitForStatusAsync(rule, s => (string?)s["state"] == "error", Ct, TimeSpan.FromSeconds(60));

        Assert.Equal("error", (string?)status["state"]);
        Assert.Contains("unreachable.test", (string?)status["message"], StringComparison.Ordinal);
        Assert.Contains("connection refused", (string?)status["message"], StringComparison.OrdinalIgnoreCase);
        var renewal = await WaitForRenewalAsync(api, stored.Id);
        Assert.Equal("failed", (string?)renewal["result"]);
        Assert.Contains("connection refused", (string?)renewal["message"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, progress.FailureFor(["unreachable.test"])!.Failures);

        // A change of the rules wakes the issuer, which looks again but leaves the next try 5 minutes away.
        var looked = factory.Services.GetRequiredService<AcmeIssuer>().NextPassAsync();
        await api.CreateRuleAsync(PanelApi.Rule("Other", LoopbackPorts.Free()), Ct);
        await looked.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(1, progress.FailureFor(["unreachable.test"])!.Failures);

        clock.Advance(TimeSpan.FromMinutes(5));
        var again = await Poll(() => progress.FailureFor(["unreachable.test"]), f => f?.Failures == 2, TimeSpan.FromSeconds(60));
        Assert.Equal(2, again?.Failures);
        Assert.Equal(TimeSpan.FromMinutes(30), again!.NextTry - again.At);
    }

    /// <summary>An HttpClient that connects to 127.0.0.1:<paramref name="port"/> whatever the URL's name, trusting only <paramref name="root"/>.</summary>
    private static HttpClient TrustingClient(int port, X509Certificate2 root) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { root },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        },
    });

    private static async Task<JsonObject> WaitForRenewalAsync(HttpClient api, int id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var list = (await (await api.GetAsync("/api/certificates", Ct)).Content.ReadFromJsonAsync<JsonArray>(Ct))!;
            if (list.Single(c => (int)c!["id"]! == id)!["lastRenewal"] is JsonObject renewal || DateTime.UtcNow > deadline)
            {
                return (JsonObject)list.Single(c => (int)c!["id"]! == id)!["lastRenewal"]!;
            }

            await Task.Delay(100, Ct);
        }
    }

    private static async Task<T> Poll<T>(Func<T> read, Func<T, bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100, Ct);
        }
    }

    private static string? CurlPath() => new[] { "/usr/bin/curl", "/usr/local/bin/curl" }.FirstOrDefault(File.Exists);

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await error);
    }
}
