using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Tests.HomeRouter;

/// <summary>The <c>PortFwd:PublicAddress</c> section: echo URLs parsed once at start, defaults when not set, none when set empty.</summary>
public sealed class PublicAddressOptionsTests
{
    [Fact]
    public void Without_the_setting_the_default_echo_services_are_used()
    {
        var options = Read([]);

        Assert.Equal(PublicAddressOptions.DefaultEchoUrls, options.ParsedEchoUrls);
        Assert.Equal(300, options.CheckSeconds);
    }

    [Fact]
    public void Echo_urls_are_parsed_in_the_order_written()
    {
        var options = Read(new()
        {
            ["PortFwd:PublicAddress:EchoUrls:0"] = "http://127.0.0.1:8081/json",
            ["PortFwd:PublicAddress:EchoUrls:1"] = "https://echo.example/ip",
        });

        Assert.Equal([new Uri("http://127.0.0.1:8081/json"), new Uri("https://echo.example/ip")], options.ParsedEchoUrls);
    }

    [Fact]
    public void An_empty_setting_means_never_ask_the_internet()
    {
        var options = Read(new() { ["PortFwd:PublicAddress:EchoUrls"] = "" });

        Assert.Empty(options.ParsedEchoUrls);
    }

    [Theory]
    [InlineData("ftp://echo.example/")]
    [InlineData("echo.example/ip")]
    public void A_bad_echo_url_refuses_the_start_naming_its_key(string url)
    {
        var lines = StartLines(new() { ["PortFwd:PublicAddress:EchoUrls:0"] = url });

        Assert.Equal($"PortFwd:PublicAddress:EchoUrls:0 is '{url}'; it must be an absolute http:// or https:// URL of a \"what is my IP\" service (such as https://api.ipify.org/).",
            Assert.Single(lines));
    }

    [Theory]
    [InlineData("29")]
    [InlineData("86401")]
    public void A_check_interval_outside_its_range_refuses_the_start(string value)
    {
        var lines = StartLines(new() { ["PortFwd:PublicAddress:CheckSeconds"] = value });

        Assert.Equal($"PortFwd:PublicAddress:CheckSeconds is {value}; it must be from 30 to 86400.", Assert.Single(lines));
    }

    private static PublicAddressOptions Read(Dictionary<string, string?> settings)
    {
        using var provider = Services(settings);
        return provider.GetRequiredService<IOptions<PublicAddressOptions>>().Value;
    }

    private static List<string> StartLines(Dictionary<string, string?> settings)
    {
        using var provider = Services(settings);
        using var error = new StringWriter();
        StartChecks.Validate(provider, error);
        return [.. error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)];
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddPortFwdSettings()
            .BuildServiceProvider();
}
