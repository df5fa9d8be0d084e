using AngleSharp.Dom;
using Bunit;
using PortFwd.Core.Rules;
using PortFwd.Web.Components.Rules;

namespace PortFwd.Web.Tests.Components;

/// <summary>The rule form's Advanced section: folded until used, open when a limit is set, and each limit's message under its field.</summary>
public sealed class RuleFormAdvancedTests : MudTestContext
{
    private readonly List<RuleDraft> _saved = [];
    private IReadOnlyDictionary<string, string[]>? _saveErrors;

    public RuleFormAdvancedTests() => RenderAsLive();

    private static RuleDraft Draft(Action<RuleDraft>? change = null)
    {
        var draft = new RuleDraft { Name = "Game", Protocol = "tcp", ExternalPort = 25565, InternalHost = "192.168.1.20", InternalPort = 25565 };
        change?.Invoke(draft);
        return draft;
    }

    private IRenderedComponent<RuleForm> RenderForm(RuleDraft initial) =>
        Render<RuleForm>(p => p
            .Add(x => x.OnSave, draft =>
            {
                _saved.Add(draft);
                return Task.FromResult(_saveErrors);
            })
            .Add(x => x.Initial, initial));

    private static bool IsUnfolded(IRenderedComponent<RuleForm> cut) => cut.Find("#rule-advanced").ClassList.Contains("mud-panel-expanded");

    private static string TextUnder(IRenderedComponent<RuleForm> cut, string inputId) =>
        cut.Find($"#{inputId}").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";

    [Fact]
    public void The_advanced_section_is_folded_while_every_limit_has_its_default()
    {
        var cut = RenderForm(Draft(d => d.MaxConnections = RuleLimits.DefaultMaxConnections));

        Assert.Contains("Advanced", cut.Find("#rule-advanced").TextContent, StringComparison.Ordinal);
        Assert.False(IsUnfolded(cut));
    }

    [Theory]
    [InlineData("proxy")]
    [InlineData("max")]
    [InlineData("perSource")]
    [InlineData("in")]
    [InlineData("out")]
    public void The_advanced_section_is_unfolded_when_a_limit_is_set(string which)
    {
        var cut = RenderForm(Draft(d =>
        {
            switch (which)
            {
                case "proxy": d.ProxyProtocol = "v1"; break;
                case "max": d.MaxConnections = 10; break;
                case "perSource": d.MaxConnectionsPerSource = 2; break;
                case "in": d.RateLimitInKBps = 512; break;
                default: d.RateLimitOutKBps = 512; break;
            }
        }));

        Assert.True(IsUnfolded(cut));
        Assert.Contains("KB/s", cut.Find("#rule-advanced").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_limit_the_validator_refuses_shows_its_message_under_the_field_and_nothing_is_saved()
    {
        var cut = RenderForm(Draft(d => { d.MaxConnections = 2; d.MaxConnectionsPerSource = 5; }));

        await cut.Find("form").SubmitAsync();

        Assert.Empty(_saved);
        Assert.Contains("cannot be more than connections at once", TextUnder(cut, "rule-max-connections-per-source"), StringComparison.Ordinal);
        Assert.Equal("true", cut.Find("#rule-max-connections-per-source").GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task A_folded_section_opens_when_the_save_answers_an_error_on_one_of_its_fields()
    {
        _saveErrors = new Dictionary<string, string[]> { [RuleFields.RateLimitInKBps] = ["Refused by the server."] };
        var cut = RenderForm(Draft());
        Assert.False(IsUnfolded(cut));

        await cut.Find("form").SubmitAsync();

        Assert.Single(_saved);
        Assert.True(IsUnfolded(cut));
        Assert.Equal("Refused by the server.", TextUnder(cut, "rule-rate-limit-in"));
    }

    [Fact]
    public async Task Typed_limits_reach_the_saved_draft()
    {
        var cut = RenderForm(Draft(d => d.RateLimitOutKBps = 1));

        await cut.Find("#rule-max-connections-per-source").InputAsync("3");
        await cut.Find("#rule-rate-limit-out").InputAsync("2048");
        await cut.Find("form").SubmitAsync();

        var saved = Assert.Single(_saved);
        Assert.Equal((3, 2048, "off"), (saved.MaxConnectionsPerSource, saved.RateLimitOutKBps, saved.ProxyProtocol));
    }
}
