using System.Net;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Acme.Tests.Support;

namespace PortFwd.Acme.Tests.Protocol;

/// <summary>What the client makes of failures: the kind the panel acts on and a message a person can read.</summary>
public sealed class ErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_CA_that_fails_is_a_server_error_with_its_status_and_when_to_try_again()
    {
        var ca = new FakeCa
        {
            Answer = _ =>
            {
                var down = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("<html>maintenance</html>") };
                down.Headers.Add("Retry-After", "120");
                return down;
            },
        };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        using var http = new HttpClient(ca);
        using var key = AcmeAccountKey.Create();

        var account = await new AcmeClient(http, FakeCa.Directory, key, time: time).CreateAccountAsync(Ct);

        Assert.False(account.IsSuccess);
        Assert.Equal(AcmeErrorKind.ServerError, account.Error.Kind);
        Assert.Equal(503, account.Error.HttpStatus);
        Assert.Null(account.Error.Problem);
        Assert.Equal(time.GetUtcNow().AddMinutes(2), account.Error.RetryAfter);
        Assert.Equal("The CA at ca.test failed to answer: HTTP 503", account.Error.Message);
        Assert.Equal("ServerFailed", account.Error.Code);
        Assert.Equal(["ca.test", "HTTP 503"], account.Error.Arguments);
        Assert.Single(ca.Posts);
    }

    [Fact]
    public async Task An_order_the_CA_gave_up_on_is_an_error_with_its_reason()
    {
        var ca = new FakeCa
        {
            Answer = AccountThen(_ => FakeCa.Json(HttpStatusCode.OK, """
                {"status":"invalid","identifiers":[{"type":"dns","value":"app.test"}],"authorizations":[],"finalize":"https://ca.test/fin/1",
                 "error":{"type":"urn:ietf:params:acme:error:caa","detail":"CAA record for app.test prevents issuance"}}
                """)),
        };
        using var http = new HttpClient(ca);
        using var key = AcmeAccountKey.Create();
        var client = new AcmeClient(http, FakeCa.Directory, key);
        Assert.True((await client.CreateAccountAsync(Ct)).IsSuccess);

        var order = await client.WaitForOrderAsync(new Uri("https://ca.test/order/1"), Ct);

        Assert.False(order.IsSuccess);
        Assert.Equal(AcmeErrorKind.Rejected, order.Error.Kind);
        Assert.Equal("caa", order.Error.Problem?.Name);
        Assert.Equal("The CA gave up on the order for app.test: CAA record for app.test prevents issuance", order.Error.Message);
        Assert.Equal("OrderGivenUp", order.Error.Code);
        Assert.Equal(["app.test", "CAA record for app.test prevents issuance"], order.Error.Arguments);
    }

    [Fact]
    public async Task An_order_the_CA_gave_up_on_without_a_reason_says_so_under_a_code_of_its_own()
    {
        var ca = new FakeCa
        {
            Answer = AccountThen(_ => FakeCa.Json(HttpStatusCode.OK, """
                {"status":"invalid","identifiers":[{"type":"dns","value":"app.test"},{"type":"dns","value":"www.app.test"}],"authorizations":[],"finalize":"https://ca.test/fin/1"}
                """)),
        };
        using var http = new HttpClient(ca);
        using var key = AcmeAccountKey.Create();
        var client = new AcmeClient(http, FakeCa.Directory, key);
        Assert.True((await client.CreateAccountAsync(Ct)).IsSuccess);

        var order = await client.WaitForOrderAsync(new Uri("https://ca.test/order/1"), Ct);

        Assert.Null(order.Error!.Problem);
        Assert.Equal("The CA gave up on the order for app.test, www.app.test: no reason given", order.Error.Message);
        Assert.Equal("OrderGivenUpNoReason", order.Error.Code);
        Assert.Equal(["app.test, www.app.test"], order.Error.Arguments);
    }

    [Theory]
    [InlineData("", "Empty", "the name is empty")]
    [InlineData("192.0.2.7", "IpAddress", "it is an IP address, and certificates are issued here for host names only")]
    [InlineData("[2001:db8::7]", "IpAddress", "it is an IP address, and certificates are issued here for host names only")]
    [InlineData("*.app.test", "Wildcard", "wildcard names need a DNS-01 challenge, and PortFwd answers HTTP-01 only")]
    [InlineData("intranet", "NoDot", "it has no dot, so no CA can reach it by DNS")]
    [InlineData("app..test", "LabelLength", "each dot-separated part must have 1 to 63 characters")]
    [InlineData("-app.test", "Characters", "only letters, digits and inner hyphens may be used (write an international name in its xn-- form)")]
    [InlineData("café.test", "Characters", "only letters, digits and inner hyphens may be used (write an international name in its xn-- form)")]
    public async Task A_name_refused_before_anything_is_sent_has_a_code_for_its_reason_and_the_same_English(string name, string reason, string english)
    {
        var ca = new FakeCa();
        using var http = new HttpClient(ca);
        using var key = AcmeAccountKey.Create();

        var order = await new AcmeClient(http, FakeCa.Directory, key).CreateOrderAsync(["app.test", name], Ct);

        Assert.Equal(AcmeErrorKind.Rejected, order.Error!.Kind);
        Assert.Equal($"'{name}' cannot be in a certificate from this CA: {english}.", order.Error.Message);
        Assert.Equal("NameRefused" + reason, order.Error.Code);
        Assert.Equal([name], order.Error.Arguments);
        Assert.Empty(ca.Seen);
    }

    [Fact]
    public async Task A_name_longer_than_DNS_allows_is_refused_under_its_own_code()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 60), 5)) + ".test";
        using var http = new HttpClient(new FakeCa());
        using var key = AcmeAccountKey.Create();

        var order = await new AcmeClient(http, FakeCa.Directory, key).CreateOrderAsync([name], Ct);

        Assert.Equal($"'{name}' cannot be in a certificate from this CA: it is longer than 253 characters.", order.Error!.Message);
        Assert.Equal("NameRefusedTooLong", order.Error.Code);
    }

    [Fact]
    public async Task A_CA_nobody_answers_for_is_a_network_error_naming_it()
    {
        var port = LoopbackPorts.Free();
        using var http = new HttpClient();
        using var key = AcmeAccountKey.Create();

        var directory = await new AcmeClient(http, new Uri($"https://127.0.0.1:{port}/dir"), key).GetDirectoryAsync(Ct);

        Assert.False(directory.IsSuccess);
        Assert.Equal(AcmeErrorKind.Network, directory.Error.Kind);
        Assert.StartsWith($"Could not reach the CA at 127.0.0.1:{port}: ", directory.Error.Message, StringComparison.Ordinal);
        Assert.Equal("Unreachable", directory.Error.Code);
        Assert.Equal($"127.0.0.1:{port}", directory.Error.Arguments[0]);
        Assert.Equal(directory.Error.Message, $"Could not reach the CA at {directory.Error.Arguments[0]}: {directory.Error.Arguments[1]}");
    }

    /// <summary>Answers newAccount itself, everything else with <paramref name="then"/>.</summary>
    private static Func<SeenRequest, HttpResponseMessage> AccountThen(Func<SeenRequest, HttpResponseMessage> then) => request =>
    {
        if (request.Url.AbsolutePath != "/account")
        {
            return then(request);
        }

        var created = FakeCa.Json(HttpStatusCode.Created, """{"status":"valid"}""");
        created.Headers.Location = new Uri("https://ca.test/acct/1");
        return created;
    };
}
