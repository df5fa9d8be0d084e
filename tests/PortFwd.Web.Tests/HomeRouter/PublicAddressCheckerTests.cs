using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Nat;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.Fakes;

namespace PortFwd.Web.Tests.HomeRouter;

/// <summary>
/// Echo services are asked only when something needs the public address and the router cannot give it; their answers
/// (plain text or JSON) become the public address with its source. Every echo service here is a fake on 127.0.0.1.
/// </summary>
public sealed class PublicAddressCheckerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Nothing_is_asked_while_nothing_needs_the_address()
    {
        await using var echo = await LocalHttpServer.StartAsync("203.0.113.9\n");
        using var services = Services([echo.BaseUrl], need: false);

        var asked = await services.GetRequiredService<PublicAddressChecker>().CheckOnceAsync(Ct);

        Assert.False(asked);
        Assert.Empty(echo.Received);
        Assert.Equal(PublicAddressSource.None, services.GetRequiredService<PublicAddress>().Current.Source);
    }

    [Fact]
    public async Task Nothing_is_asked_when_the_routers_own_address_is_public()
    {
        await using var echo = await LocalHttpServer.StartAsync("203.0.113.9\n");
        using var services = Services([echo.BaseUrl], need: true);
        var publicAddress = services.GetRequiredService<PublicAddress>();
        publicAddress.LearnFromRouter(Router("198.51.100.1"));

        var asked = await services.GetRequiredService<PublicAddressChecker>().CheckOnceAsync(Ct);

        Assert.False(asked);
        Assert.Empty(echo.Received);
        Assert.Equal(PublicAddressSource.Router, publicAddress.Current.Source);
        Assert.Equal(IPAddress.Parse("198.51.100.1"), publicAddress.Current.Address);
    }

    [Theory]
    [InlineData("203.0.113.9\n")]
    [InlineData("{\"ip\": \"203.0.113.9\", \"country\": \"-\"}")]
    public async Task Behind_double_nat_the_echo_answer_is_the_public_address(string answer)
    {
        await using var echo = await LocalHttpServer.StartAsync(answer);
        using var services = Services([echo.Url("json")], need: true);
        var publicAddress = services.GetRequiredService<PublicAddress>();
        publicAddress.LearnFromRouter(Router("192.168.0.2"));

        var asked = await services.GetRequiredService<PublicAddressChecker>().CheckOnceAsync(Ct);

        Assert.True(asked);
        var request = Assert.Single(echo.Received);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/json", request.PathAndQuery);
        Assert.StartsWith("PortFwd/", request.Header("User-Agent"), StringComparison.Ordinal);
        var info = publicAddress.Current;
        Assert.Equal(PublicAddressSource.Echo, info.Source);
        Assert.Equal(IPAddress.Parse("203.0.113.9"), info.Address);
        Assert.Equal(NatKind.DoubleNat, info.Nat);
        Assert.Equal(echo.Url("json"), info.Echo?.Url);
        Assert.Null(info.DynamicDnsProblem);
    }

    [Fact]
    public async Task A_failing_echo_service_is_passed_over_for_the_next_one()
    {
        await using var broken = await LocalHttpServer.StartAsync("busy", StatusCodes.Status503ServiceUnavailable);
        await using var garbled = await LocalHttpServer.StartAsync("<html>hello</html>");
        await using var good = await LocalHttpServer.StartAsync("203.0.113.10");
        using var services = Services([broken.BaseUrl, garbled.BaseUrl, good.BaseUrl], need: true);

        await services.GetRequiredService<PublicAddressChecker>().CheckOnceAsync(Ct);

        Assert.Single(broken.Received);
        Assert.Single(garbled.Received);
        Assert.Single(good.Received);
        Assert.Equal(IPAddress.Parse("203.0.113.10"), services.GetRequiredService<PublicAddress>().Current.Address);
        Assert.Null(services.GetRequiredService<PublicAddressChecker>().LastProblem);
    }

    [Fact]
    public async Task When_every_echo_service_fails_the_problem_names_each_and_no_address_is_made_up()
    {
        await using var broken = await LocalHttpServer.StartAsync("busy", StatusCodes.Status503ServiceUnavailable);
        await using var ipv6 = await LocalHttpServer.StartAsync("2001:db8::1");
        using var services = Services([broken.BaseUrl, ipv6.BaseUrl], need: true);
        var checker = services.GetRequiredService<PublicAddressChecker>();

        await checker.CheckOnceAsync(Ct);

        Assert.Equal("127.0.0.1 answered 503 Service Unavailable. 127.0.0.1 did not answer with an IPv4 address.", checker.LastProblem);
        Assert.Null(services.GetRequiredService<PublicAddress>().Current.Address);
    }

    [Fact]
    public async Task Nothing_is_asked_while_the_router_client_is_still_searching_and_the_end_of_the_search_brings_the_check()
    {
        await using var echo = await LocalHttpServer.StartAsync("203.0.113.13");
        using var services = Services([echo.BaseUrl], need: true);
        var board = services.GetRequiredService<RouterStatusBoard>();
        var checker = services.GetRequiredService<PublicAddressChecker>();
        board.SetSnapshot(new RouterSnapshot(RouterState.Searching, "Looking for the router…"));

        Assert.False(await checker.CheckOnceAsync(Ct));
        await checker.StartAsync(Ct);
        try
        {
            board.SetSnapshot(new RouterSnapshot(RouterState.NotFound, "No router answered."));

            await Until(() => echo.Received.Count >= 1);
        }
        finally
        {
            await checker.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task An_empty_echo_list_never_asks_even_when_the_address_is_needed()
    {
        using var services = Services([], need: true);

        Assert.False(await services.GetRequiredService<PublicAddressChecker>().CheckOnceAsync(Ct));
    }

    [Fact]
    public async Task Behind_carrier_grade_nat_the_address_comes_with_the_sentence_that_dynamic_dns_cannot_help()
    {
        await using var echo = await LocalHttpServer.StartAsync("203.0.113.11");
        using var services = Services([echo.BaseUrl], need: true);
        var publicAddress = services.GetRequiredService<PublicAddress>();
        publicAddress.LearnFromRouter(Router("100.72.1.1"));

        await services.GetRequiredService<PublicAddressChecker>().CheckOnceAsync(Ct);

        Assert.Equal(IPAddress.Parse("203.0.113.11"), publicAddress.Current.Address);
        Assert.Equal(PublicAddressInfo.SharedAddressSentence, publicAddress.Current.DynamicDnsProblem);
    }

    [Fact]
    public async Task The_running_checker_asks_again_right_after_the_router_tells_something_new()
    {
        await using var echo = await LocalHttpServer.StartAsync("203.0.113.12");
        using var services = Services([echo.BaseUrl], need: true);
        var publicAddress = services.GetRequiredService<PublicAddress>();
        var checker = services.GetRequiredService<PublicAddressChecker>();
        await checker.StartAsync(Ct);
        try
        {
            await Until(() => echo.Received.Count >= 1);
            var before = echo.Received.Count;

            publicAddress.LearnFromRouter(Router("10.0.0.2"));

            // The interval is 5 minutes: only the router's news can bring another request this soon.
            await Until(() => echo.Received.Count > before);
        }
        finally
        {
            await checker.StopAsync(Ct);
        }
    }

    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData(" {\"ip\":\"198.51.100.7\"} ", "198.51.100.7")]
    [InlineData("10.1", null)]
    [InlineData("{\"address\":\"198.51.100.7\"}", null)]
    [InlineData("{\"ip\": 5}", null)]
    [InlineData("{broken", null)]
    [InlineData("", null)]
    public void Only_a_written_out_ipv4_address_is_an_answer(string body, string? expected)
    {
        var read = AddressEcho.TryReadAddress(body, out var address);

        Assert.Equal(expected is not null, read);
        Assert.Equal(expected, address?.ToString());
    }

    private static async Task Until(Func<bool> condition)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, limit.Token);
        }
    }

    private static RouterStatus Router(string wan) => new(RouterProtocol.Upnp, "router", IPAddress.Parse(wan), "Connected");

    private static ServiceProvider Services(IReadOnlyList<Uri> echoUrls, bool need)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < echoUrls.Count; i++)
        {
            settings[$"{PublicAddressOptions.Section}:EchoUrls:{i}"] = echoUrls[i].ToString();
        }

        if (echoUrls.Count == 0)
        {
            settings[$"{PublicAddressOptions.Section}:EchoUrls"] = "";
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)))
            .AddLogging()
            .AddPortFwdSettings()
            .AddPublicAddress()
            .AddSingleton<IPublicAddressNeed>(new Need(need))
            .BuildServiceProvider();
        // The router client's search is over (no router), unless a test says otherwise.
        services.GetRequiredService<RouterStatusBoard>().SetSnapshot(new RouterSnapshot(RouterState.NotFound, "No router answered."));
        return services;
    }

    private sealed class Need(bool needs) : IPublicAddressNeed
    {
        public bool NeedsPublicAddress => needs;
    }
}
