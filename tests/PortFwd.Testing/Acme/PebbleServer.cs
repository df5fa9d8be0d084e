using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace PortFwd.Testing.Acme;

/// <summary>How a <see cref="PebbleServer"/> behaves; null leaves Pebble's own default.</summary>
/// <param name="NonceRejectPercent">PEBBLE_WFE_NONCEREJECT: share of good nonces answered with badNonce (Pebble: 5).</param>
/// <param name="AuthorizationReusePercent">PEBBLE_AUTHZREUSE: how often a valid authorization is reused in a new order (Pebble: 50).</param>
/// <param name="CertificateValidityDays">How long issued certificates are valid (Pebble: 5 years); short ones let a fake clock reach renewal in few timer ticks.</param>
public sealed record PebbleSettings(int? NonceRejectPercent = null, int? AuthorizationReusePercent = null, int? CertificateValidityDays = null)
{
    public static PebbleSettings Default { get; } = new();
}

/// <summary>
/// Debian's Pebble (a test ACME CA) and pebble-challtestsrv (its DNS, answering every name with 127.0.0.1), started
/// on free loopback ports with a throwaway TLS certificate made here, and stopped by their own process handles.
/// Pebble validates HTTP-01 challenges at <c>http://NAME:<see cref="HttpChallengePort"/>/</c> on 127.0.0.1, where
/// the test's responder listens. A test that starts one on a machine without Pebble is skipped, saying so.
/// </summary>
public sealed class PebbleServer : IAsyncDisposable
{
    /// <summary>Hang guard of the start (Pebble makes its CA keys first), not a timing assertion.</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _folder;
    private readonly X509Certificate2 _tlsRoot;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<Process> _processes = [];

    private PebbleServer(DirectoryInfo folder, X509Certificate2 tlsRoot, int firstPort)
    {
        _folder = folder;
        _tlsRoot = tlsRoot;
        AcmePort = firstPort;
        ManagementPort = firstPort + 1;
        HttpChallengePort = firstPort + 2;
        TlsChallengePort = firstPort + 3;
        DnsPort = firstPort + 4;
        ChallengeServerManagementPort = firstPort + 5;
        TlsCertificatePath = Path.Combine(folder.FullName, "tls-root.pem");
    }

    /// <summary>The ACME directory: <c>https://127.0.0.1:PORT/dir</c>.</summary>
    public Uri DirectoryUrl => new($"https://127.0.0.1:{AcmePort}/dir");

    public int AcmePort { get; }

    /// <summary>Pebble's management interface (roots, intermediates), HTTPS with the same certificate.</summary>
    public int ManagementPort { get; }

    /// <summary>Where Pebble fetches HTTP-01 answers (on 127.0.0.1, whatever the name): the test's responder listens here.</summary>
    public int HttpChallengePort { get; }

    /// <summary>Where Pebble makes TLS-ALPN-01 handshakes.</summary>
    public int TlsChallengePort { get; }

    /// <summary>challtestsrv's DNS (UDP and TCP), which Pebble asks.</summary>
    public int DnsPort { get; }

    public int ChallengeServerManagementPort { get; }

    /// <summary>The PEM file of the throwaway CA that signed Pebble's TLS certificate: what a client must trust
    /// (curl --cacert, the panel's PortFwd:Acme:TrustedCertificatePath).</summary>
    public string TlsCertificatePath { get; }

    /// <summary>What Pebble and challtestsrv printed so far, for a failing test's message.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The skip reason when Pebble cannot run here (looking in <paramref name="searchPath"/>, else PATH), or null.</summary>
    public static string? Unavailable(string? searchPath = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "Pebble tests run on Linux only.";
        }

        var missing = new[] { "pebble", "pebble-challtestsrv" }.Where(tool => Find(tool, searchPath) is null).ToArray();
        return missing.Length == 0 ? null : $"{string.Join(" and ", missing)} not installed (apt-get install pebble).";
    }

    /// <summary>Starts Pebble and its DNS, returning once the directory answers; skips the test when Pebble is not installed.</summary>
    public static async Task<PebbleServer> StartAsync(PebbleSettings? settings, CancellationToken ct)
    {
        if (Unavailable() is { } reason)
        {
            Assert.Skip(reason);
        }

        settings ??= PebbleSettings.Default;
        var folder = Directory.CreateTempSubdirectory("portfwd-pebble-");
        var (root, leafPem, keyPem) = CreateTlsCertificate();
        var server = new PebbleServer(folder, root, LoopbackPorts.FreeRange(6));
        try
        {
            await server.StartProcessesAsync(settings, leafPem, keyPem, ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HttpClient that trusts Pebble's TLS certificate (and only through this server's throwaway CA).</summary>
    public HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusts(certificate, errors) },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The root that Pebble's issued certificates chain to (a new one every start).</summary>
    public Task<X509Certificate2> GetRootAsync(CancellationToken ct) => GetManagementCertificateAsync("roots/0", ct);

    /// <summary>The intermediate that signs Pebble's issued certificates.</summary>
    public Task<X509Certificate2> GetIntermediateAsync(CancellationToken ct) => GetManagementCertificateAsync("intermediates/0", ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    // Only the processes this fixture started, by their own handles.
                    process.Kill();
                    using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await process.WaitForExitAsync(limit.Token);
                }
            }
            catch (InvalidOperationException)
            {
            }
            catch (OperationCanceledException)
            {
            }

            process.Dispose();
        }

        _tlsRoot.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartProcessesAsync(PebbleSettings settings, string leafPem, string keyPem, CancellationToken ct)
    {
        var certificatePath = Path.Combine(_folder.FullName, "tls-cert.pem");
        var keyPath = Path.Combine(_folder.FullName, "tls-key.pem");
        await File.WriteAllTextAsync(certificatePath, leafPem, ct);
        await File.WriteAllTextAsync(keyPath, keyPem, ct);
        await File.WriteAllTextAsync(TlsCertificatePath, _tlsRoot.ExportCertificatePem(), ct);
        var configPath = Path.Combine(_folder.FullName, "pebble-config.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(new
        {
            pebble = new
            {
                listenAddress = $"127.0.0.1:{AcmePort}",
                managementListenAddress = $"127.0.0.1:{ManagementPort}",
                certificate = certificatePath,
                privateKey = keyPath,
                httpPort = HttpChallengePort,
                tlsPort = TlsChallengePort,
                ocspResponderURL = "",
                externalAccountBindingRequired = false,
                certificateValidityPeriod = (settings.CertificateValidityDays ?? 5 * 365) * 86400L,
            },
        }), ct);

        // The Debian 2.4 challtestsrv has no -doh flag; its own challenge servers stay off (the test answers).
        Start("pebble-challtestsrv",
            ["-http01", "", "-https01", "", "-tlsalpn01", "", "-dns01", $"127.0.0.1:{DnsPort}",
             "-management", $"127.0.0.1:{ChallengeServerManagementPort}", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""],
            new Dictionary<string, string?>());

        var environment = new Dictionary<string, string?>
        {
            ["PEBBLE_VA_NOSLEEP"] = "1",
            ["PEBBLE_VA_ALWAYS_VALID"] = null,
            ["PEBBLE_WFE_NONCEREJECT"] = settings.NonceRejectPercent?.ToString(CultureInfo.InvariantCulture),
            ["PEBBLE_AUTHZREUSE"] = settings.AuthorizationReusePercent?.ToString(CultureInfo.InvariantCulture),
        };
        Start("pebble", ["-config", configPath, "-dnsserver", $"127.0.0.1:{DnsPort}"], environment);

        await WaitUntilReadyAsync(ct);
    }

    private void Start(string tool, string[] arguments, Dictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo(Find(tool)!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _folder.FullName,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        _processes.Add(process);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>Polls the directory (and the DNS server's management port) until both answer, bounded.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = CreateHttpClient();
        http.Timeout = TimeSpan.FromSeconds(2);
        var deadline = DateTime.UtcNow + StartLimit;
        while (true)
        {
            if (_processes.FirstOrDefault(p => p.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"{exited.StartInfo.FileName} exited with {exited.ExitCode}:{Environment.NewLine}{Output}");
            }

            if (await AnswersAsync(http, ct) && await LoopbackPorts.AcceptsAsync(ChallengeServerManagementPort, ct))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Pebble did not answer at {DirectoryUrl} within {StartLimit.TotalSeconds} s:{Environment.NewLine}{Output}");
            }

            await Task.Delay(100, ct);
        }
    }

    private async Task<bool> AnswersAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(DirectoryUrl, ct);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<X509Certificate2> GetManagementCertificateAsync(string path, CancellationToken ct)
    {
        using var http = CreateHttpClient();
        var pem = await http.GetStringAsync(new Uri($"https://127.0.0.1:{ManagementPort}/{path}"), ct);
        return X509Certificate2.CreateFromPem(pem);
    }

    private bool Trusts(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_tlsRoot);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(presented);
    }

    /// <summary>A throwaway CA and, signed by it, a certificate for 127.0.0.1 and localhost (PEM, key in PKCS#8).</summary>
    private static (X509Certificate2 Root, string LeafPem, string KeyPem) CreateTlsCertificate()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=PortFwd test Pebble TLS CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var root = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(root, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(12));
        return (root, leaf.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static string? Find(string tool, string? searchPath = null) =>
        (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);
}
