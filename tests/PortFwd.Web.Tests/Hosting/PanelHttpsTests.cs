using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Testing;
using PortFwd.Web.Certificates;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Certificates;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>
/// The panel over HTTPS (<c>PortFwd:Panel:Https</c>) on real Kestrel on 127.0.0.1: real TLS handshakes whose served
/// certificate is compared with the one kept in the data folder, the stored certificate a name asked for in SNI gets,
/// the redirect, a restart, and settings that stop the start.
/// </summary>
public sealed class PanelHttpsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_a_port_set_the_panel_answers_over_https_with_the_certificate_it_keeps_and_secure_cookies()
    {
        await using var panel = await HttpsPanel.StartAsync(null, redirect: false);

        using var health = await panel.Https.GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var kept = X509Certificate2.CreateFromPem(File.ReadAllText(PanelCertificate.CertificatePath(panel.DataDirectory)));
        Assert.Equal(kept.Thumbprint, Assert.Single(panel.Served.Distinct()));
        var names = kept.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
        using (var key = kept.GetECDsaPublicKey())
        {
            Assert.Equal(256, Assert.IsAssignableFrom<ECDsa>(key).KeySize);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PanelCertificate.KeyPath(panel.DataDirectory)));
        }

        using var login = await panel.Https.GetAsync("/login", Ct);
        var antiforgery = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.False(login.Headers.Contains("Strict-Transport-Security"));

        // Plain HTTP still serves the panel when the redirect is off.
        using var plain = await panel.Http.GetAsync("/login", Ct);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task With_the_redirect_on_http_pages_move_to_https_which_sends_hsts_and_the_health_check_stays_on_http()
    {
        await using var panel = await HttpsPanel.StartAsync(null, redirect: true);

        using var page = await panel.Http.GetAsync("/login?next=%2F", Ct);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, page.StatusCode);
        Assert.Equal(new Uri(panel.Https.BaseAddress!, "/login?next=%2F"), page.Headers.Location);

        using var secure = await panel.Https.GetAsync("/login", Ct);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal(PanelHttps.StrictTransportSecurity, string.Join(",", secure.Headers.GetValues("Strict-Transport-Security")));

        using var health = await panel.Http.GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(health.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_certificate_survives_a_restart()
    {
        var dataDirectory = PanelFactory.NewDataDirectory();
        try
        {
            string first;
            await using (var panel = await HttpsPanel.StartAsync(dataDirectory, redirect: false))
            {
                (await panel.Https.GetAsync("/healthz", Ct)).Dispose();
                first = Assert.Single(panel.Served.Distinct());
            }

            await using (var again = await HttpsPanel.StartAsync(dataDirectory, redirect: false))
            {
                (await again.Https.GetAsync("/healthz", Ct)).Dispose();
                Assert.Equal(first, Assert.Single(again.Served.Distinct()));
            }
        }
        finally
        {
            PanelFactory.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task A_certificate_the_owner_put_in_place_is_served_as_it_is_even_close_to_expiry()
    {
        var dataDirectory = PanelFactory.NewDataDirectory();
        try
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=panel.home.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var own = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(5));
            Directory.CreateDirectory(Path.Combine(dataDirectory, "https"));
            await File.WriteAllTextAsync(PanelCertificate.CertificatePath(dataDirectory), own.ExportCertificatePem(), Ct);
            await File.WriteAllTextAsync(PanelCertificate.KeyPath(dataDirectory), key.ExportPkcs8PrivateKeyPem(), Ct);

            await using var panel = await HttpsPanel.StartAsync(dataDirectory, redirect: false);
            (await panel.Https.GetAsync("/healthz", Ct)).Dispose();

            Assert.Equal(own.Thumbprint, Assert.Single(panel.Served.Distinct()));
            Assert.Equal(own.ExportCertificatePem(), await File.ReadAllTextAsync(PanelCertificate.CertificatePath(dataDirectory), Ct));
        }
        finally
        {
            PanelFactory.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task A_name_with_a_stored_certificate_gets_it_from_the_next_handshake_and_other_names_get_the_panels_own()
    {
        await using var panel = await HttpsPanel.StartAsync(null, redirect: false);
        var own = X509Certificate2.CreateFromPem(File.ReadAllText(PanelCertificate.CertificatePath(panel.DataDirectory))).Thumbprint;
        Assert.Equal(own, (await TlsClient.HandshakeAsync(panel.HttpsPort, "home.example.com", Ct))?.Thumbprint);

        // Uploaded while the panel runs: no restart, the list follows the certificate service's change signal.
        using var root = TestCertificates.Authority();
        using var authority = TestCertificates.Authority("PortFwd Test Intermediate", root);
        using var home = TestCertificates.Server(["home.example.com"], authority);
        using var lan = TestCertificates.Server(["*.lan.example.com"]);
        var service = panel.Services.GetRequiredService<CertificateService>();
        Assert.True((await service.UploadAsync(new CertificateUpload(TestCertificates.Pem(home, authority, root), null, null, null), Ct)).IsSuccess);
        Assert.True((await service.UploadAsync(new CertificateUpload(TestCertificates.Pem(lan), null, null, null), Ct)).IsSuccess);

        var served = await TlsClient.WaitForAsync(panel.HttpsPort, "home.example.com", c => c?.Thumbprint == home.Thumbprint, Ct, TimeSpan.FromSeconds(10));
        Assert.Equal(home.Thumbprint, served?.Thumbprint);
        Assert.Equal(home.Thumbprint, (await TlsClient.HandshakeAsync(panel.HttpsPort, "HOME.example.com.", Ct))?.Thumbprint);
        Assert.Equal(lan.Thumbprint, (await TlsClient.WaitForAsync(panel.HttpsPort, "panel.lan.example.com", c => c?.Thumbprint == lan.Thumbprint, Ct, TimeSpan.FromSeconds(10)))?.Thumbprint);

        // With its chain: a browser trusts a CA's certificate only with the intermediate the panel sends along.
        Assert.Contains(authority.Subject, await SentChainAsync(panel.HttpsPort, "home.example.com"));

        // A wildcard covers one label only; a name nothing covers, and a handshake without a name, get the panel's own.
        Assert.Equal(own, (await TlsClient.HandshakeAsync(panel.HttpsPort, "a.b.lan.example.com", Ct))?.Thumbprint);
        Assert.Equal(own, (await TlsClient.HandshakeAsync(panel.HttpsPort, "lan.example.com", Ct))?.Thumbprint);
        Assert.Equal(own, (await TlsClient.HandshakeAsync(panel.HttpsPort, "other.example.com", Ct))?.Thumbprint);
        Assert.Equal(own, (await TlsClient.HandshakeAsync(panel.HttpsPort, null, Ct))?.Thumbprint);

        // The panel answers over the stored certificate too.
        using var client = new TlsClient(panel.HttpsPort);
        using var health = await client.GetAsync($"https://home.example.com:{panel.HttpsPort}/healthz", HttpVersion.Version11, Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(home.Thumbprint, Assert.Single(client.Served).Thumbprint);
    }

    [Fact]
    public async Task A_stored_certificate_that_expired_is_not_served()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var panel = await HttpsPanel.StartAsync(null, redirect: false, clock);
        var own = X509Certificate2.CreateFromPem(File.ReadAllText(PanelCertificate.CertificatePath(panel.DataDirectory))).Thumbprint;
        using var shortLived = TestCertificates.Server(["home.example.com"], notAfter: clock.GetUtcNow().AddDays(2));
        var service = panel.Services.GetRequiredService<CertificateService>();
        Assert.True((await service.UploadAsync(new CertificateUpload(TestCertificates.Pem(shortLived), null, null, null), Ct)).IsSuccess);
        Assert.Equal(shortLived.Thumbprint,
            (await TlsClient.WaitForAsync(panel.HttpsPort, "home.example.com", c => c?.Thumbprint == shortLived.Thumbprint, Ct, TimeSpan.FromSeconds(10)))?.Thumbprint);

        // Still in the store, but past its end: the next handshake gets the panel's own.
        clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(own, (await TlsClient.HandshakeAsync(panel.HttpsPort, "home.example.com", Ct))?.Thumbprint);
    }

    [Theory]
    [InlineData("--PortFwd:Panel:Https:Port=70000", "PortFwd:Panel:Https:Port is 70000; it must be from 0 to 65535.")]
    [InlineData("--PortFwd:Panel:Https:RedirectHttp=true",
        "PortFwd:Panel:Https:RedirectHttp is true but PortFwd:Panel:Https:Port is 0; set the HTTPS port, or turn the redirect off.")]
    [InlineData("--PortFwd:Panel:Https:ListenAddress=lan",
        "PortFwd:Panel:Https:ListenAddress is 'lan'; it must be an IP address of this machine (such as 0.0.0.0, :: or 192.168.1.10), or empty for localhost.")]
    public async Task A_bad_https_setting_stops_the_start_with_one_line_naming_it(string argument, string expected)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("portfwd-https-start-").FullName;
        try
        {
            var (exitCode, output, error) = await PanelProcess.RunAsync(dataDirectory, [argument], input: null, Ct);

            Assert.Equal(StartChecks.ExitCode, exitCode);
            Assert.Equal(expected, error.Trim());
            Assert.Equal("", output.Trim());
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_kept_certificate_that_cannot_be_read_stops_the_start_saying_which_files_to_delete()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("portfwd-https-start-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dataDirectory, "https"));
            await File.WriteAllTextAsync(PanelCertificate.CertificatePath(dataDirectory), "not a certificate", Ct);
            await File.WriteAllTextAsync(PanelCertificate.KeyPath(dataDirectory), "not a key", Ct);

            var (exitCode, _, error) = await PanelProcess.RunAsync(dataDirectory, [$"--PortFwd:Panel:Https:Port={LoopbackPorts.Free()}"], input: null, Ct);

            Assert.Equal(StartChecks.ExitCode, exitCode);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"The panel's HTTPS certificate ({PanelCertificate.CertificatePath(dataDirectory)} and {PanelCertificate.KeyPath(dataDirectory)}) cannot be read", line, StringComparison.Ordinal);
            Assert.EndsWith("Delete both files to have a new one made on the next start.", line.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>The subjects of the certificates a handshake with <paramref name="serverName"/> in SNI was sent besides the server's own.</summary>
    private static async Task<IReadOnlyList<string>> SentChainAsync(int port, string serverName)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, Ct);
        List<string> sent = [];
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, chain, _) =>
        {
            sent.AddRange(chain!.ChainPolicy.ExtraStore.Select(c => c.Subject).Where(s => s != certificate!.Subject));
            return true;
        });
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = serverName }, Ct);
        return sent;
    }

    /// <summary>
    /// The real app on Kestrel: HTTP and HTTPS on free ports of 127.0.0.1, a client for each; the HTTPS one records the
    /// certificates served. A null data directory is a fresh one, deleted with the panel.
    /// </summary>
    private sealed class HttpsPanel : IAsyncDisposable
    {
        private readonly PanelFactory _factory;
        private readonly List<string> _served = [];

        private HttpsPanel(PanelFactory factory, int httpPort, int httpsPort)
        {
            _factory = factory;
            HttpsPort = httpsPort;
            DataDirectory = factory.DataDirectory;
            Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            Https = new HttpClient(new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                {
                    lock (_served)
                    {
                        _served.Add(certificate!.Thumbprint);
                    }

                    // The certificate is self-signed: the test compares it with the kept one instead of trusting a CA.
                    return true;
                },
            }) { BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}") };
        }

        public string DataDirectory { get; }

        public int HttpsPort { get; }

        public IServiceProvider Services => _factory.Services;

        public HttpClient Http { get; }

        public HttpClient Https { get; }

        public IReadOnlyList<string> Served
        {
            get
            {
                lock (_served)
                {
                    return [.. _served];
                }
            }
        }

        public static Task<HttpsPanel> StartAsync(string? dataDirectory, bool redirect, TimeProvider? clock = null)
        {
            var httpPort = LoopbackPorts.Free();
            var httpsPort = LoopbackPorts.Free();
            var factory = new PanelFactory(dataDirectory, settings: new Dictionary<string, string?>
            {
                ["urls"] = $"http://127.0.0.1:{httpPort}",
                ["PortFwd:Panel:Https:Port"] = httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PortFwd:Panel:Https:ListenAddress"] = "127.0.0.1",
                ["PortFwd:Panel:Https:RedirectHttp"] = redirect ? "true" : "false",
            }) { Clock = clock };
            factory.UseKestrel();
            factory.StartServer();
            return Task.FromResult(new HttpsPanel(factory, httpPort, httpsPort));
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            Https.Dispose();
            await _factory.DisposeAsync();
        }
    }
}
