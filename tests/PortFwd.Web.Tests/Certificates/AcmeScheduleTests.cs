using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Acme;
using PortFwd.Data.Certificates;
using PortFwd.Web.Certificates;
using PortFwd.Web.Certificates.Acme;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Certificates;

/// <summary>When the panel asks the CA again: rate limits wait for the CA's word, failures back off, renewal follows the window; with a fake CA.</summary>
public sealed class AcmeScheduleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_rate_limit_waits_for_the_CAs_retry_after_or_an_hour_and_other_failures_back_off()
    {
        var limited = new AcmeError(AcmeErrorKind.RateLimited, "too many certificates") { RetryAfter = Now.AddHours(3) };
        Assert.Equal(Now.AddHours(3), AcmeSchedule.NextTry(limited, 1, Now));
        Assert.Equal(Now.AddHours(1), AcmeSchedule.NextTry(limited with { RetryAfter = null }, 1, Now));
        Assert.Equal(Now.AddHours(1), AcmeSchedule.NextTry(limited with { RetryAfter = Now.AddMinutes(-1) }, 4, Now));

        var refused = new AcmeError(AcmeErrorKind.AuthorizationFailed, "connection refused");
        Assert.Equal([5, 30, 120, 360, 720, 1440, 1440], Enumerable.Range(1, 7).Select(n => (AcmeSchedule.NextTry(refused, n, Now) - Now).TotalMinutes));
    }

    [Fact]
    public void Renewal_is_due_at_the_start_of_the_CAs_window_or_30_days_before_expiry()
    {
        var certificate = new StoredCertificate { NotAfter = Now.AddDays(90) };
        Assert.Equal(Now.AddDays(60), AcmeSchedule.RenewAt(certificate, null));
        Assert.Equal(Now.AddDays(70), AcmeSchedule.RenewAt(certificate, new RenewalInfo(Now.AddDays(70), Now.AddDays(72))));
        Assert.False(AcmeSchedule.ExpiresSoon(certificate, Now));
        Assert.True(AcmeSchedule.ExpiresSoon(certificate, Now.AddDays(77)));
    }

    [Fact]
    public async Task A_rate_limited_order_shows_the_CAs_words_on_the_rule_and_is_not_asked_again_before_its_retry_after()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ca = new RateLimitingCa(clock.GetUtcNow().AddHours(3));
        await using var factory = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:Acme:DirectoryUrl"] = "https://127.0.0.1:1/dir" })
        {
            Clock = clock,
            TestServices = services => services.AddSingleton<IAcmeAuthorities>(ca),
        };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var rule = await api.CreateRuleAsync(HttpsRules.Rule("Limited", LoopbackPorts.Free(), 9, "acme", ["limited.test"]), Ct);

        var status = await api.WaitForStatusAsync(rule, s => (string?)s["state"] == "error", Ct);

        Assert.Equal("error", (string?)status["state"]);
        Assert.Contains("too many certificates already issued", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal(1, ca.Orders);

        // Two hours later a rule change wakes the issuer: it looks again and still does not ask.
        clock.Advance(TimeSpan.FromHours(2));
        var looked = factory.Services.GetRequiredService<AcmeIssuer>().NextPassAsync();
        await api.CreateRuleAsync(PanelApi.Rule("Wake", LoopbackPorts.Free()), Ct);
        await looked.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(1, ca.Orders);

        clock.Advance(TimeSpan.FromHours(1));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (ca.Orders < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(2, ca.Orders);
    }

    [Fact]
    public async Task Renew_now_answers_202_for_an_acme_certificate_409_for_an_uploaded_one_and_404_for_none()
    {
        var ca = new RateLimitingCa(null);
        await using var factory = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:Acme:DirectoryUrl"] = "https://127.0.0.1:1/dir" })
        {
            TestServices = services => services.AddSingleton<IAcmeAuthorities>(ca),
        };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var certificates = factory.Services.GetRequiredService<CertificateService>();
        using var root = TestCertificates.Authority("Renew Root");
        using var leaf = TestCertificates.Server(["renew-now.test"], root);
        var acme = await certificates.StoreIssuedAsync(["renew-now.test"], leaf.ExportCertificatePem() + root.ExportCertificatePem(), TestCertificates.KeyPem(leaf), Ct);
        using var upload = await api.PostAsJsonAsync("/api/certificates", new { pem = TestCertificates.Pem(leaf, root) }, Ct);
        var uploaded = await upload.Content.ReadFromJsonAsync<JsonObject>(Ct);

        using var renew = await api.PostAsync($"/api/certificates/{acme.Id}/renew", null, Ct);
        using var notAcme = await api.PostAsync($"/api/certificates/{uploaded!["id"]}/renew", null, Ct);
        using var none = await api.PostAsync("/api/certificates/9999/renew", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, renew.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notAcme.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (ca.Orders < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(1, ca.Orders);
        Assert.Equal(["renew-now.test"], ca.Names.Single());
    }

    [Fact]
    public async Task Renew_now_while_that_renewal_runs_answers_429()
    {
        var ca = new RateLimitingCa(null) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var factory = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:Acme:DirectoryUrl"] = "https://127.0.0.1:1/dir" })
        {
            TestServices = services => services.AddSingleton<IAcmeAuthorities>(ca),
        };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        using var root = TestCertificates.Authority("Busy Root");
        using var leaf = TestCertificates.Server(["busy.test"], root);
        var acme = await factory.Services.GetRequiredService<CertificateService>()
            .StoreIssuedAsync(["busy.test"], leaf.ExportCertificatePem() + root.ExportCertificatePem(), TestCertificates.KeyPem(leaf), Ct);

        using var first = await api.PostAsync($"/api/certificates/{acme.Id}/renew", null, Ct);
        using var second = await api.PostAsync($"/api/certificates/{acme.Id}/renew", null, Ct);
        ca.Gate.SetResult();

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    /// <summary>A CA that refuses every order with a rate limit (Retry-After when given) and counts the orders.</summary>
    private sealed class RateLimitingCa(DateTimeOffset? retryAfter) : IAcmeAuthorities, IAcmeAuthority
    {
        private int _orders;

        public int Orders => Volatile.Read(ref _orders);

        public ConcurrentQueue<IReadOnlyList<string>> Names { get; } = new();

        public Task<IAcmeAuthority?> CurrentAsync(CancellationToken ct) => Task.FromResult<IAcmeAuthority?>(this);

        /// <summary>When set, an order waits for it (an order in progress).</summary>
        public TaskCompletionSource? Gate { get; init; }

        public async Task<AcmeResult<IssuedCertificate>> IssueAsync(IReadOnlyList<string> names, AsymmetricAlgorithm certificateKey,
            IHttpChallengeResponder responder, string? replaces, CancellationToken ct)
        {
            Names.Enqueue(names);
            Interlocked.Increment(ref _orders);
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(ct);
            }

            return AcmeResult<IssuedCertificate>.Fail(new AcmeError(AcmeErrorKind.RateLimited,
                "The CA's rate limit was hit: too many certificates already issued for this exact set of names.") { RetryAfter = retryAfter, HttpStatus = 429 });
        }

        public Task<AcmeResult<RenewalInfo>> GetRenewalInfoAsync(X509Certificate2 certificate, CancellationToken ct) =>
            Task.FromResult<AcmeResult<RenewalInfo>>(new AcmeError(AcmeErrorKind.Unsupported, "no renewal information"));
    }
}
