using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Tests.DynamicDns;

/// <summary>The <c>PortFwd:DynamicDns</c> section is checked at start like every other.</summary>
public sealed class DdnsOptionsTests
{
    [Theory]
    [InlineData("PortFwd:DynamicDns:Contact", "two words", "PortFwd:DynamicDns:Contact is 'two words'; it must be one word of at most 100 characters, such as an e-mail address.")]
    [InlineData("PortFwd:DynamicDns:Contact", "", "PortFwd:DynamicDns:Contact is empty; it must be set.")]
    [InlineData("PortFwd:DynamicDns:TimeoutSeconds", "4", "PortFwd:DynamicDns:TimeoutSeconds is 4; it must be from 5 to 120.")]
    public void A_bad_value_refuses_the_start_naming_its_key(string key, string value, string line)
    {
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build())
            .AddPortFwdSettings()
            .BuildServiceProvider();
        using var error = new StringWriter();

        Assert.False(StartChecks.Validate(provider, error));
        Assert.Equal(line, error.ToString().Trim());
    }
}
