using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class RuleValidatorHttpFieldsTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    [InlineData("tcpudp")]
    public void Host_names_on_a_rule_that_is_not_http_are_refused_on_host_names(string protocol)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.HostNames = ["example.com"], protocol));

        Drafts.AssertOnlyError(result, RuleFields.HostNames, "HTTP");
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    [InlineData("tcpudp")]
    public void Path_prefix_on_a_rule_that_is_not_http_is_refused_on_path_prefix(string protocol)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.PathPrefix = "/app", protocol));

        Drafts.AssertOnlyError(result, RuleFields.PathPrefix, "HTTP");
    }

    [Fact]
    public void Blank_host_names_and_path_prefix_are_ignored_on_a_rule_that_is_not_http()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => (d.HostNames, d.PathPrefix) = (["", " "], " "))));

        Assert.Empty(rule.HostNames);
        Assert.Null(rule.PathPrefix);
    }

    [Theory]
    [InlineData("exa mple.com")]
    [InlineData("ex@mple.com")]
    [InlineData("-bad.example.com")]
    [InlineData("bad-.example.com")]
    [InlineData("a..example.com")]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("foo.*.example.com")]
    [InlineData("*.*.example.com")]
    [InlineData("example.com/app")]
    [InlineData("example.com:8080")]
    [InlineData("https://example.com")]
    [InlineData("192.168.1.20")]
    [InlineData("::1")]
    public void Bad_host_name_is_refused_on_host_names_naming_it(string hostName)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.HostNames = ["good.example.com", hostName], "http"));

        Drafts.AssertOnlyError(result, RuleFields.HostNames, $"\"{hostName}\"", "example.com");
    }

    public static TheoryData<string[], string[]> ValidHostNames => new()
    {
        { ["example.com"], ["example.com"] },
        { ["*.example.com"], ["*.example.com"] },
        { ["Example.COM."], ["example.com"] },
        { [" nas.local ", ""], ["nas.local"] },
        { ["a.example.com", "A.Example.com", "b.example.com"], ["a.example.com", "b.example.com"] },
        { ["localhost"], ["localhost"] },
    };

    [Theory]
    [MemberData(nameof(ValidHostNames))]
    public void Host_names_are_accepted_lowercased_without_duplicates(string[] typed, string[] stored)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.HostNames = [.. typed], "http")));

        Assert.Equal(stored, rule.HostNames);
    }

    [Fact]
    public void More_than_32_host_names_are_refused_giving_the_limit()
    {
        var names = Enumerable.Range(1, 33).Select(i => $"site{i}.example.com").ToList();

        var result = RuleValidator.Validate(Drafts.With(d => d.HostNames = names, "http"));

        Drafts.AssertOnlyError(result, RuleFields.HostNames, "32", "33");
    }

    [Theory]
    [InlineData("app")]
    [InlineData("app/")]
    [InlineData("*")]
    public void Path_prefix_without_leading_slash_is_refused_naming_it(string prefix)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.PathPrefix = prefix, "http"));

        Drafts.AssertOnlyError(result, RuleFields.PathPrefix, $"\"{prefix}\"", "\"/\"");
    }

    [Theory]
    [InlineData("/my app", "spaces")]
    [InlineData("/my\tapp", "spaces")]
    [InlineData("/app?x=1", "'?'")]
    [InlineData("/app#top", "'#'")]
    public void Path_prefix_with_spaces_or_query_characters_is_refused(string prefix, string why)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.PathPrefix = prefix, "http"));

        Drafts.AssertOnlyError(result, RuleFields.PathPrefix, why);
    }

    [Fact]
    public void Path_prefix_longer_than_256_characters_is_refused_giving_the_limit()
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.PathPrefix = "/" + new string('a', 256), "http"));

        Drafts.AssertOnlyError(result, RuleFields.PathPrefix, "256");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("  ", null)]
    [InlineData("/", null)]
    [InlineData("//", null)]
    [InlineData("/app", "/app")]
    [InlineData(" /app ", "/app")]
    [InlineData("/app/", "/app")]
    [InlineData("/app//", "/app")]
    [InlineData("/App/v1", "/App/v1")]
    public void Path_prefix_is_normalized_and_slash_alone_means_no_prefix(string? typed, string? stored)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.PathPrefix = typed, "http")));

        Assert.Equal(stored, rule.PathPrefix);
    }
}
