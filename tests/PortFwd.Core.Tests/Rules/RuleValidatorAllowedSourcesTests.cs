using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class RuleValidatorAllowedSourcesTests
{
    public static TheoryData<string[], string[]> ValidSources => new()
    {
        { [], [] },
        { ["", "  "], [] },
        { ["203.0.113.7"], ["203.0.113.7/32"] },
        { ["203.0.113.0/24"], ["203.0.113.0/24"] },
        { [" 192.168.0.0/16 "], ["192.168.0.0/16"] },
        { ["0.0.0.0/0"], ["0.0.0.0/0"] },
        { ["2001:db8::1"], ["2001:db8::1/128"] },
        { ["2001:DB8::/32"], ["2001:db8::/32"] },
        { ["::/0"], ["::/0"] },
        { ["10.0.0.1", "10.0.0.1/32", " 10.0.0.1 "], ["10.0.0.1/32"] },
        { ["10.0.0.0/8", "2001:db8::/32", "10.0.0.0/8"], ["10.0.0.0/8", "2001:db8::/32"] },
    };

    [Theory]
    [MemberData(nameof(ValidSources))]
    public void Allowed_sources_are_stored_as_networks_without_duplicates(string[] typed, string[] stored)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.AllowedSources = [.. typed])));

        Assert.Equal(stored, rule.AllowedSources);
    }

    [Fact]
    public void No_allowed_sources_list_means_anyone()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.AllowedSources = null)));

        Assert.Empty(rule.AllowedSources);
    }

    [Theory]
    [InlineData("garbage", "not an address or network")]
    [InlineData("nas.local", "not an address or network")]
    [InlineData("192.168.1", "not an address or network")]
    [InlineData("10/8", "not an address or network")]
    [InlineData("192.168.1/24", "not an address or network")]
    [InlineData("10.0.0.0/33", "0 to 32")]
    [InlineData("10.0.0.0/-1", "0 to 32")]
    [InlineData("10.0.0.0/", "0 to 32")]
    [InlineData("10.0.0.0/x", "0 to 32")]
    [InlineData("2001:db8::/129", "0 to 128")]
    [InlineData("10.0.0.1/24", "did you mean 10.0.0.0/24?")]
    [InlineData("192.168.1.77/16", "did you mean 192.168.0.0/16?")]
    [InlineData("2001:db8::1/64", "did you mean 2001:db8::/64?")]
    public void Bad_allowed_source_is_refused_on_allowed_sources_naming_it(string source, string why)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.AllowedSources = [source]));

        Drafts.AssertOnlyError(result, RuleFields.AllowedSources, $"\"{source}\"", why);
    }

    [Fact]
    public void Every_bad_allowed_source_gets_its_own_message()
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.AllowedSources = ["10.0.0.0/8", "garbage", "10.0.0.0/33"]));

        Drafts.AssertOneMessageEach(result, RuleFields.AllowedSources, "\"garbage\"", "\"10.0.0.0/33\"");
    }

    [Fact]
    public void More_than_64_allowed_sources_are_refused_giving_the_limit()
    {
        var sources = Enumerable.Range(1, 65).Select(i => $"10.0.{i}.0/24").ToList();

        var result = RuleValidator.Validate(Drafts.With(d => d.AllowedSources = sources));

        Drafts.AssertOnlyError(result, RuleFields.AllowedSources, "64", "65");
    }
}
