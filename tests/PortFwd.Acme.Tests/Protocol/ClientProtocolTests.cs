using System.Net;
using PortFwd.Acme.Tests.Support;
using PortFwd.Testing.Logging;

namespace PortFwd.Acme.Tests.Protocol;

/// <summary>The client's handling of nonces, retries and waits, against a scripted CA in memory.</summary>
public sealed class ClientProtocolTests : IDisposable
{
    private static readonly Uri AccountUrl = new("https://ca.test/acct/1");
    private readonly FakeCa _ca = new();
    private readonly TimerWatchingClock _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly AcmeAccountKey _key = AcmeAccountKey.Create();
    private readonly HttpClient _http;
    private readonly AcmeClient _client;

    public ClientProtocolTests()
    {
        _http = new HttpClient(_ca);
        _client = new AcmeClient(_http, FakeCa.Directory, _key, new AcmeClientOptions { Email = "admin@example.org" }, _time,
            TestOutputLogger.For<AcmeClient>(Microsoft.Extensions.Logging.LogLevel.Debug));
    }

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
    }

    [Fact]
    public async Task A_badNonce_answer_is_sent_again_with_the_fresh_nonce_it_carried()
    {
        var rejections = 2;
        _ca.Answer = _ => rejections-- > 0
            ? FakeCa.Problem(HttpStatusCode.BadRequest, "badNonce", "JWS has an invalid anti-replay nonce")
            : Created();

        var account = await _client.CreateAccountAsync(TestContext.Current.CancellationToken);

        Assert.True(account.IsSuccess, account.Error?.Message);
        Assert.Equal(AccountUrl, account.Value.Url);
        Assert.True(account.Value.Created);
        // One HEAD for the first nonce; each retry uses the nonce of the badNonce answer before it.
        Assert.Single(_ca.Seen, r => r.Method == HttpMethod.Head);
        var posts = _ca.Posts.ToArray();
        Assert.Equal(3, posts.Length);
        Assert.Equal(["nonce-1", "nonce-2", "nonce-3"], posts.Select(p => p.ProtectedHeader!.Value.GetProperty("nonce").GetString()));
        Assert.All(posts, p => Assert.True(p.ProtectedHeader!.Value.TryGetProperty("jwk", out _)));
        Assert.Contains("\"mailto:admin@example.org\"", posts[0].Payload, StringComparison.Ordinal);
        Assert.Contains("\"termsOfServiceAgreed\":true", posts[0].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relative_account_location_is_read_against_the_request_URL()
    {
        _ca.Answer = _ =>
        {
            var created = Created();
            created.Headers.Location = new Uri("/acct/9", UriKind.Relative);
            return created;
        };

        var account = await _client.CreateAccountAsync(TestContext.Current.CancellationToken);

        Assert.True(account.IsSuccess, account.Error?.Message);
        Assert.Equal(new Uri("https://ca.test/acct/9"), account.Value.Url);
        Assert.Equal(account.Value.Url, _client.AccountUrl);
    }

    [Fact]
    public async Task BadNonce_is_retried_three_times_and_then_returned()
    {
        _ca.Answer = _ => FakeCa.Problem(HttpStatusCode.BadRequest, "badNonce", "JWS has an invalid anti-replay nonce");

        var account = await _client.CreateAccountAsync(TestContext.Current.CancellationToken);

        Assert.False(account.IsSuccess);
        Assert.Equal(AcmeErrorKind.ServerError, account.Error.Kind);
        Assert.Equal("badNonce", account.Error.Problem?.Name);
        Assert.Equal(4, _ca.Posts.Count());
    }

    [Fact]
    public async Task A_rate_limit_is_returned_at_once_with_when_to_try_again()
    {
        await CreateAccountAsync();
        _ca.Answer = _ =>
        {
            var limited = FakeCa.Problem((HttpStatusCode)429, "rateLimited", "too many certificates already issued for \"app.test\"");
            limited.Headers.Add("Retry-After", "3600");
            return limited;
        };

        var order = await _client.CreateOrderAsync(["app.test"], TestContext.Current.CancellationToken);

        Assert.False(order.IsSuccess);
        Assert.Equal(AcmeErrorKind.RateLimited, order.Error.Kind);
        Assert.Equal(_time.GetUtcNow().AddHours(1), order.Error.RetryAfter);
        Assert.Contains("too many certificates already issued for \"app.test\"", order.Error.Message, StringComparison.Ordinal);
        Assert.Single(_ca.Posts, p => p.Url.AbsolutePath == "/order");
    }

    [Fact]
    public async Task Polling_waits_as_long_as_the_CA_says_in_Retry_After()
    {
        await CreateAccountAsync();
        var fetches = 0;
        var fetchedAt = new List<DateTimeOffset>();
        _ca.Answer = _ =>
        {
            fetchedAt.Add(_time.GetUtcNow());
            var status = Interlocked.Increment(ref fetches) == 1 ? "pending" : "valid";
            var answer = FakeCa.Json(HttpStatusCode.OK, $$"""
                {"status":"{{status}}","identifier":{"type":"dns","value":"app.test"},
                 "challenges":[{"type":"http-01","url":"https://ca.test/chall/1","status":"{{status}}","token":"tok"}]}
                """);
            answer.Headers.Add("Retry-After", "30");
            return answer;
        };

        var waiting = _client.WaitForAuthorizationAsync(new Uri("https://ca.test/authz/1"), TestContext.Current.CancellationToken);
        await _time.WhenTimersStartedAsync(1, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, Volatile.Read(ref fetches));
        _time.Advance(TimeSpan.FromSeconds(1));
        var authorization = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(authorization.IsSuccess, authorization.Error?.Message);
        Assert.Equal(AcmeAuthorizationStatus.Valid, authorization.Value.Status);
        Assert.Equal(2, fetches);
        // Fetched again only when 30 s had passed on the clock, not after the 2 s poll interval.
        Assert.Equal(TimeSpan.FromSeconds(30), fetchedAt[1] - fetchedAt[0]);
        Assert.All(_ca.Posts.Skip(1), p => Assert.Equal("", p.Payload));
    }

    [Fact]
    public async Task Polling_gives_up_at_the_deadline_with_a_timeout()
    {
        await CreateAccountAsync();
        _ca.Answer = _ => FakeCa.Json(HttpStatusCode.OK, """
            {"status":"processing","identifiers":[{"type":"dns","value":"app.test"}],"authorizations":[],"finalize":"https://ca.test/fin/1"}
            """);

        var waiting = _client.WaitForOrderAsync(new Uri("https://ca.test/order/1"), TestContext.Current.CancellationToken);
        // 3 minutes of 2-second waits: about 90 of them.
        for (var i = 1; i <= 200 && !waiting.IsCompleted; i++)
        {
            await WaitForAsync(() => _time.TimersStarted >= i || waiting.IsCompleted);
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        var order = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(order.IsSuccess);
        Assert.Equal(AcmeErrorKind.Timeout, order.Error.Kind);
        Assert.Equal("The order https://ca.test/order/1 was not done after 180 s.", order.Error.Message);
        Assert.Equal(("OrderNotDone", "https://ca.test/order/1|180"), (order.Error.Code, string.Join("|", order.Error.Arguments)));
    }

    [Fact]
    public async Task An_order_lists_its_names_once_in_lower_case_and_says_which_certificate_it_renews()
    {
        await CreateAccountAsync();
        _ca.Answer = _ =>
        {
            var created = FakeCa.Json(HttpStatusCode.Created, """
                {"status":"pending","identifiers":[{"type":"dns","value":"app.test"},{"type":"dns","value":"www.app.test"}],
                 "authorizations":["https://ca.test/authz/1","https://ca.test/authz/2"],"finalize":"https://ca.test/fin/1"}
                """);
            created.Headers.Location = new Uri("https://ca.test/order/1");
            return created;
        };

        var order = await _client.CreateOrderAsync(["App.Test", "www.app.test.", "app.test"], "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", TestContext.Current.CancellationToken);

        Assert.True(order.IsSuccess, order.Error?.Message);
        Assert.Equal(new Uri("https://ca.test/order/1"), order.Value.Url);
        Assert.Equal(AcmeOrderStatus.Pending, order.Value.Status);
        Assert.Equal(2, order.Value.Authorizations.Count);
        var sent = Assert.Single(_ca.Posts, p => p.Url.AbsolutePath == "/order");
        Assert.Equal("""{"identifiers":[{"type":"dns","value":"app.test"},{"type":"dns","value":"www.app.test"}],"replaces":"aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"}""",
            sent.Payload);
        Assert.Equal(AccountUrl.AbsoluteUri, sent.ProtectedHeader!.Value.GetProperty("kid").GetString());
    }

    [Theory]
    [InlineData("192.0.2.10", "IP address")]
    [InlineData("[2001:db8::1]", "IP address")]
    [InlineData("*.app.test", "wildcard")]
    [InlineData("app_test.example", "letters, digits")]
    [InlineData("localhost", "no dot")]
    public async Task Names_no_CA_issues_for_over_HTTP_01_are_refused_before_sending(string name, string reason)
    {
        await CreateAccountAsync();

        var order = await _client.CreateOrderAsync(["app.test", name], TestContext.Current.CancellationToken);

        Assert.False(order.IsSuccess);
        Assert.Equal(AcmeErrorKind.Rejected, order.Error.Kind);
        Assert.Equal(name, order.Error.Identifier);
        Assert.Contains(reason, order.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_ca.Posts, p => p.Url.AbsolutePath == "/order");
    }

    private async Task CreateAccountAsync()
    {
        _ca.Answer = _ => Created();
        var account = await _client.CreateAccountAsync(TestContext.Current.CancellationToken);
        Assert.True(account.IsSuccess, account.Error?.Message);
    }

    private static HttpResponseMessage Created()
    {
        var created = FakeCa.Json(HttpStatusCode.Created, """{"status":"valid","contact":["mailto:admin@example.org"]}""");
        created.Headers.Location = AccountUrl;
        return created;
    }

    /// <summary>Waits (bounded) for the client's background work to reach a point; the clock stays where it is.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The client did not get there within 10 s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
