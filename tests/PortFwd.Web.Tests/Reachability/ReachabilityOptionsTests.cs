using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Hosting;
using PortFwd.Web.Reachability;

namespace PortFwd.Web.Tests.Reachability;

/// <summary><c>PortFwd:Reachability:ProbeUrl</c>: the public default, off when empty, refused at start when it cannot work.</summary>
public sealed class ReachabilityOptionsTests
{
    private static (ReachabilityOptions Options, List<string> Problems) Parse(string? probeUrl)
    {
        var options = new ReachabilityOptions { ProbeUrl = probeUrl };
        var problems = new List<ValidationMessage>();
        ((IParsedSettings)options).Parse(ReachabilityOptions.Section, problems);
        return (options, [.. problems.Select(p => p.Text)]);
    }

    [Fact]
    public void Not_set_is_the_public_echoip_service_and_empty_is_off()
    {
        Assert.Equal(ReachabilityOptions.DefaultProbeUrl, Parse(null).Options.ParsedProbeUrl);
        Assert.Null(Parse("").Options.ParsedProbeUrl);
        Assert.Null(Parse("  ").Options.ParsedProbeUrl);
    }

    [Fact]
    public void The_port_goes_where_the_placeholder_is()
    {
        var (options, problems) = Parse("http://198.51.100.2:8080/port/{port}");

        Assert.Empty(problems);
        Assert.Equal(new Uri("http://198.51.100.2:8080/port/25565"), ReachabilityOptions.ProbeUrlFor(options.ParsedProbeUrl!, 25565));
    }

    [Theory]
    [InlineData("http://198.51.100.2:8080/port/")]
    [InlineData("ftp://probe.example/port/{port}")]
    [InlineData("/port/{port}")]
    public void A_URL_without_the_placeholder_or_not_http_refuses_the_start_naming_the_key(string url)
    {
        var problem = Assert.Single(Parse(url).Problems);

        Assert.StartsWith($"PortFwd:Reachability:ProbeUrl is '{url}'; it must be an absolute http:// or https:// URL with {{port}}", problem);
    }
}
