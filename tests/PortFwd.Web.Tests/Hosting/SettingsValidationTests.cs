using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortFwd.Relay.Engine;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>Every options class and every class nested in one is checked at start, each bad value named by its full key.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("PortFwd:ResyncSeconds", "0", "from 1 to 3600")]
    [InlineData("PortFwd:ResyncSeconds", "3601", "from 1 to 3600")]
    [InlineData("PortFwd:Router:LeaseSeconds", "5", "from 120 to 604800")]
    [InlineData("PortFwd:Router:LeaseSeconds", "119", "from 120 to 604800")]
    [InlineData("PortFwd:Router:LeaseSeconds", "604801", "from 120 to 604800")]
    [InlineData("PortFwd:Router:ResyncSeconds", "0", "from 1 to 86400")]
    [InlineData("PortFwd:Router:ResyncSeconds", "86401", "from 1 to 86400")]
    [InlineData("PortFwd:Traffic:LiveSeconds", "299", "from 300 to 3600")]
    [InlineData("PortFwd:Traffic:LiveSeconds", "3601", "from 300 to 3600")]
    [InlineData("PortFwd:Traffic:MinuteRetentionHours", "0", "from 1 to 8760")]
    [InlineData("PortFwd:Traffic:MinuteRetentionHours", "8761", "from 1 to 8760")]
    [InlineData("PortFwd:Traffic:HourRetentionDays", "0", "from 1 to 3650")]
    [InlineData("PortFwd:Traffic:HourRetentionDays", "3651", "from 1 to 3650")]
    [InlineData("PortFwd:Traffic:FlushSeconds", "0", "from 1 to 60")]
    [InlineData("PortFwd:Traffic:FlushSeconds", "61", "from 1 to 60")]
    [InlineData("PortFwd:Traffic:PruneMinutes", "0", "from 1 to 1440")]
    [InlineData("PortFwd:Traffic:PruneMinutes", "1441", "from 1 to 1440")]
    [InlineData("PortFwd:Relay:TcpIdleTimeoutSeconds", "-1", "from 0 to 604800")]
    [InlineData("PortFwd:Relay:TcpIdleTimeoutSeconds", "604801", "from 0 to 604800")]
    [InlineData("PortFwd:Accounts:SessionLifetimeDays", "0", "from 1 to 365")]
    [InlineData("PortFwd:Accounts:SessionIdleHours", "-1", "from 0 to 8760")]
    public void A_number_outside_its_range_refuses_the_start_naming_the_key_and_the_range(string key, string value, string range)
    {
        var lines = StartLines(new() { [key] = value });

        Assert.Equal($"{key} is {value}; it must be {range}.", Assert.Single(lines));
    }

    [Theory]
    [InlineData("PortFwd:ResyncSeconds", "1")]
    [InlineData("PortFwd:ResyncSeconds", "3600")]
    [InlineData("PortFwd:Router:LeaseSeconds", "120")]
    [InlineData("PortFwd:Router:LeaseSeconds", "604800")]
    [InlineData("PortFwd:Router:ResyncSeconds", "1")]
    [InlineData("PortFwd:Router:ResyncSeconds", "86400")]
    [InlineData("PortFwd:Traffic:LiveSeconds", "300")]
    [InlineData("PortFwd:Traffic:PruneMinutes", "1440")]
    [InlineData("PortFwd:Relay:TcpTransport", "Sockets")]
    [InlineData("PortFwd:Relay:TcpIdleTimeoutSeconds", "0")]
    [InlineData("PortFwd:Relay:TcpIdleTimeoutSeconds", "604800")]
    [InlineData("PortFwd:Accounts:SessionIdleHours", "0")]
    public void A_value_on_the_edge_of_its_range_is_accepted(string key, string value) =>
        Assert.Empty(StartLines(new() { [key] = value }));

    [Fact]
    public void The_defaults_are_accepted() => Assert.Empty(StartLines([]));

    [Theory]
    [InlineData("90", 90)]
    [InlineData(null, 7440)]
    public async Task The_tcp_idle_timeout_setting_becomes_the_relays_and_defaults_to_two_hours_four_minutes(string? seconds, int expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            seconds is null ? [] : new Dictionary<string, string?> { ["PortFwd:Relay:TcpIdleTimeoutSeconds"] = seconds }).Build();
        await using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddPortFwdSettings()
            .AddPortFwdRelay()
            .BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(expected), provider.GetRequiredService<RelayEngine>().TcpIdleTimeout);
    }

    [Theory]
    [InlineData("PortFwd:Acme:DirectoryUrl", "http://acme.example.org/directory", "an https:// URL of an ACME directory")]
    [InlineData("PortFwd:Acme:StagingDirectoryUrl", "letsencrypt", "an https:// URL of an ACME directory")]
    [InlineData("PortFwd:Acme:Email", "not an address", "one e-mail address")]
    [InlineData("PortFwd:Acme:ChallengePort", "0", "from 1 to 65535")]
    [InlineData("PortFwd:Acme:TrustedCertificatePath", "/nonexistent/pebble.pem", "a readable PEM file")]
    public void A_bad_acme_setting_refuses_the_start_naming_the_key(string key, string value, string allowed)
    {
        var line = Assert.Single(StartLines(new() { [key] = value }));

        Assert.StartsWith($"{key} is ", line, StringComparison.Ordinal);
        Assert.Contains(allowed, line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_acme_directory_turns_issuing_off_and_is_accepted() =>
        Assert.Empty(StartLines(new() { ["PortFwd:Acme:DirectoryUrl"] = "", ["PortFwd:Acme:StagingDirectoryUrl"] = "" }));

    [Fact]
    public void An_unknown_relay_transport_number_names_the_key_and_the_choices()
    {
        var lines = StartLines(new() { ["PortFwd:Relay:TcpTransport"] = "7" });

        Assert.Equal("PortFwd:Relay:TcpTransport is 7; it must be one of Automatic, Epoll, Sockets.", Assert.Single(lines));
    }

    [Fact]
    public void A_value_that_is_not_a_number_names_the_key()
    {
        var line = Assert.Single(StartLines(new() { ["PortFwd:Router:LeaseSeconds"] = "an hour" }));

        Assert.Contains("'PortFwd:Router:LeaseSeconds'", line, StringComparison.Ordinal);
        Assert.Contains("'an hour'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_data_directory_is_refused() =>
        Assert.Equal("PortFwd:DataDirectory is empty; it must be set.", Assert.Single(StartLines(new() { ["PortFwd:DataDirectory"] = " " })));

    [Fact]
    public void Every_bad_value_is_reported_at_once_one_line_each()
    {
        var lines = StartLines(new()
        {
            ["PortFwd:Router:ResyncSeconds"] = "0",
            ["PortFwd:Router:LeaseSeconds"] = "5",
            ["PortFwd:Router:Gateway"] = "router",
            ["PortFwd:Traffic:FlushSeconds"] = "0",
        });

        Assert.Equal(4, lines.Count);
        Assert.Contains(lines, l => l.StartsWith("PortFwd:Router:ResyncSeconds is 0;", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PortFwd:Router:LeaseSeconds is 5;", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PortFwd:Router:Gateway is 'router';", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PortFwd:Traffic:FlushSeconds is 0;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PortFwd:ListenAddress", "192.168.1.300")]
    [InlineData("PortFwd:ListenAddress", "10.1")]
    [InlineData("PortFwd:ListenAddress", "010.0.0.1")]
    [InlineData("PortFwd:ListenAddress", "localhost")]
    [InlineData("PortFwd:Router:LocalAddress", "192.168.1")]
    [InlineData("PortFwd:Router:LocalAddress", "192.168.1.10/24")]
    [InlineData("PortFwd:Router:Gateway", "192.168.1.1:99999")]
    [InlineData("PortFwd:Router:Gateway", "192.168.1.1:port")]
    [InlineData("PortFwd:Router:Gateway", "router.lan")]
    [InlineData("PortFwd:Router:DescriptionUrl", "ftp://192.168.1.1/igd.xml")]
    [InlineData("PortFwd:Router:DescriptionUrl", "/igddesc.xml")]
    [InlineData("PortFwd:Router:DescriptionUrl", "192.168.1.1:49000/igddesc.xml")]
    public void A_mistyped_address_or_url_refuses_the_start_naming_the_key(string key, string value)
    {
        var line = Assert.Single(StartLines(new() { [key] = value }));

        Assert.StartsWith($"{key} is '{value}'; it must be ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_addresses_and_urls_are_parsed_once_for_their_users()
    {
        var provider = Services(new()
        {
            ["PortFwd:ListenAddress"] = " 127.0.0.1 ",
            ["PortFwd:Router:LocalAddress"] = "192.168.1.10",
            ["PortFwd:Router:Gateway"] = "192.168.1.1",
            ["PortFwd:Router:DescriptionUrl"] = "http://192.168.1.1:49000/igddesc.xml",
        });

        var options = provider.GetRequiredService<IOptions<PortFwdOptions>>().Value;

        Assert.Equal(IPAddress.Loopback, options.ParsedListenAddress);
        Assert.Equal(IPAddress.Parse("192.168.1.10"), options.Router.ParsedLocalAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.1"), RouterOptions.DefaultGatewayPort), options.Router.ParsedGateway);
        Assert.Equal(new Uri("http://192.168.1.1:49000/igddesc.xml"), options.Router.ParsedDescriptionUrl);
    }

    [Theory]
    [InlineData("[fe80::1]:5350", "fe80::1", 5350)]
    [InlineData("fe80::1", "fe80::1", RouterOptions.DefaultGatewayPort)]
    [InlineData("10.0.0.1:5350", "10.0.0.1", 5350)]
    public void A_gateway_takes_an_optional_port(string written, string address, int port)
    {
        var options = Services(new() { ["PortFwd:Router:Gateway"] = written }).GetRequiredService<IOptions<PortFwdOptions>>().Value;

        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), options.Router.ParsedGateway);
    }

    [Fact]
    public void Empty_addresses_mean_the_defaults()
    {
        var options = Services(new() { ["PortFwd:ListenAddress"] = "" }).GetRequiredService<IOptions<PortFwdOptions>>().Value;

        Assert.Null(options.ParsedListenAddress);
        Assert.Null(options.Router.ParsedGateway);
        Assert.Null(options.Router.ParsedLocalAddress);
        Assert.Null(options.Router.ParsedDescriptionUrl);
    }

    [Fact]
    public void The_panel_section_read_before_the_host_is_built_is_checked_the_same_way()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PortFwd:ListenAddress"] = "192.168.1.300" }).Build();
        using var error = new StringWriter();

        Assert.Null(StartChecks.ReadPanelOptions(configuration, error));
        Assert.Equal(
            "PortFwd:ListenAddress is '192.168.1.300'; it must be an IP address of this machine (such as 0.0.0.0, :: or 192.168.1.10), or empty for every address.",
            error.ToString().TrimEnd());
    }

    /// <summary>What the start prints: the registrations of Program.cs, then the checks it runs before anything listens.</summary>
    private static List<string> StartLines(Dictionary<string, string?> settings)
    {
        using var provider = Services(settings);
        using var error = new StringWriter();
        var passed = StartChecks.Validate(provider, error);
        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(passed, lines.Count == 0);
        return lines;
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddPortFwdSettings()
            .BuildServiceProvider();
    }
}
