using Bunit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Data;
using PortFwd.Data.Rules;
using PortFwd.Web.Components.Pages;
using PortFwd.Web.Forwarding;
using MudBlazor;
using PortFwd.Web.Hosting;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Reachability;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// The rules page on a real SQLite file: its controls wait for the circuit (a click on a prerendered page would be
/// lost), it follows rules saved elsewhere, and it lets go of the feeds when it goes away.
/// </summary>
public sealed class PortForwardingPageTests : MudDatabaseTestContext
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    // The reachability check's steps answer when a test says so; one check at a time, so a second is refused.
    private readonly CheckSteps _steps;

    public PortForwardingPageTests()
        : this(new CheckSteps()
            .With(CheckStep.Pass(CheckStepName.Service, "192.168.1.20:80 accepts connections."))
            .With(CheckStep.Fail(CheckStepName.Relay, "The rule is turned off, so PortFwd does not listen on TCP port 8080.", "Turn the rule on with its switch in the rules table.")))
    {
    }

    private PortForwardingPageTests(CheckSteps steps)
        : base("portfwd-page-", (services, dataDirectory) =>
        {
            AddPageServices(services, dataDirectory);
            steps.AddTo(services, maxRunningChecks: 1);
        }) => _steps = steps;

    private static void AddPageServices(IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddPortFwdData(dataDirectory);
        services.AddSingleton<IRuleChangeSignal, RuleChangeSignal>();
        services.AddSingleton<RuleListFeed>();
        services.AddSingleton<IServer, NoServer>();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<PortFwd.Web.Hosting.IHostNameResolver>(new DynamicDns.DdnsResolutionTests.FakeResolver());
        services.AddSingleton<PanelPorts>();
        services.AddSingleton<RuleStatusBoard>();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(Options.Create(new PortFwdOptions { DataDirectory = dataDirectory }));
        // The page reads each rule's router status from the board and follows its updates.
        services.AddSingleton<RouterStatusBoard>();
    }

    private RuleStore Store => Services.GetRequiredService<RuleStore>();

    public override async ValueTask DisposeAsync()
    {
        _steps.AnswerAll();
        await base.DisposeAsync();
    }

    private async Task<ForwardingRule> SaveRuleAsync(string name, int port)
    {
        var result = await Store.CreateAsync(
            new RuleDraft { Name = name, Protocol = "tcp", ExternalPort = port, InternalHost = "192.168.1.20", InternalPort = 80 },
            RuleValidationContext.Empty, Ct);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    [Fact]
    public async Task A_rule_that_opens_a_dangerous_service_on_the_router_wears_a_warning_badge()
    {
        await SaveRuleAsync("Web server", 8080);
        var desktop = await Store.CreateAsync(
            new RuleDraft { Name = "Desktop", Protocol = "tcp", ExternalPort = 3389, InternalHost = "192.168.1.40", InternalPort = 3389, OpenOnRouter = true, ConfirmRisk = true },
            RuleValidationContext.Empty, Ct);
        Assert.True(desktop.IsSuccess, desktop.Error?.Message);

        var page = Render<PortForwarding>();
        page.WaitForAssertion(() => Assert.Equal(2, RowNames(page).Count), Within);

        var badge = Assert.Single(page.FindAll("#rules-table .rule-risk-badge"));
        Assert.Contains("Desktop", badge.Closest("tr")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Port 3389 is Remote Desktop; it is open to the internet on the router.", badge.GetAttribute("aria-label"));
    }

    private static IEnumerable<AngleSharp.Dom.IElement> Controls(IRenderedComponent<PortForwarding> page) =>
    [
        page.Find("#add-rule"),
        page.Find(".rule-enabled-switch input"),
        page.Find("button[aria-label='Edit Web server']"),
        page.Find("button[aria-label='Delete Web server']"),
        page.Find("button[aria-label='Check whether the internet can reach Web server']"),
        page.Find("#rule-search"),
    ];

    private static List<string> RowNames(IRenderedComponent<PortForwarding> page) =>
        [.. page.FindAll("#rules-table tbody tr.mud-table-row .rule-name").Select(n => n.TextContent)];

    /// <summary>Types into the search box on the renderer's thread, so a re-render (a status push) cannot come between finding the box and typing.</summary>
    private static Task SearchAsync(IRenderedComponent<PortForwarding> page, string text) =>
        page.InvokeAsync(() => page.Find("#rule-search").Input(text));

    private async Task SaveRulesAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await SaveRuleAsync($"Rule {i:D2}", 9000 + i);
        }
    }

    [Fact]
    public async Task Prerendered_before_the_circuit_connects_every_control_is_disabled_but_the_traffic_link_works()
    {
        await SaveRuleAsync("Web server", 8080);
        RenderAsPrerendered();

        var page = Render<PortForwarding>();

        page.WaitForAssertion(() => Assert.Contains("Web server", page.Find("#rules-table").TextContent, StringComparison.Ordinal), Within);
        Assert.All(Controls(page), control => Assert.True(control.HasAttribute("disabled"), $"{control.OuterHtml} is clickable before the page is live"));
        var traffic = page.Find("a.rule-traffic-link");
        Assert.False(traffic.HasAttribute("disabled"));
        Assert.EndsWith("traffic/" + (await Store.GetAllAsync(Ct))[0].Id, traffic.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_connected_circuit_every_control_is_enabled()
    {
        await SaveRuleAsync("Web server", 8080);

        var page = Render<PortForwarding>();

        page.WaitForAssertion(() => Assert.Contains("Web server", page.Find("#rules-table").TextContent, StringComparison.Ordinal), Within);
        Assert.All(Controls(page), control => Assert.False(control.HasAttribute("disabled"), $"{control.OuterHtml} is disabled on a live page"));
    }

    [Fact]
    public async Task A_rule_saved_elsewhere_appears_without_a_reload()
    {
        var page = Render<PortForwarding>();
        page.WaitForElement("#no-rules", Within);

        await SaveRuleAsync("Saved by the API", 9090);

        page.WaitForAssertion(() => Assert.Contains("Saved by the API", page.Find("#rules-table").TextContent, StringComparison.Ordinal), Within);
    }

    [Fact]
    public async Task Leaving_the_page_ends_its_subscriptions()
    {
        var rules = Services.GetRequiredService<RuleListFeed>().Updates;
        var statuses = Services.GetRequiredService<RuleStatusBoard>().Updates;
        var checks = Services.GetRequiredService<ReachabilityBoard>().Updates;
        var page = Render<PortForwarding>();
        page.WaitForElement("#no-rules", Within);
        Assert.Equal((1, 1, 1), (rules.SubscriberCount, statuses.SubscriberCount, checks.SubscriberCount));

        await DisposeComponentsAsync();

        Assert.Equal((0, 0, 0), (rules.SubscriberCount, statuses.SubscriberCount, checks.SubscriberCount));
    }

    [Fact]
    public async Task Check_opens_a_dialog_whose_steps_appear_as_they_answer_and_the_row_gets_the_verdict()
    {
        var rule = await SaveRuleAsync("Web server", 8080);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<PortForwarding>();
        page.WaitForAssertion(() => Assert.Contains("Web server", page.Find("#rules-table").TextContent, StringComparison.Ordinal), Within);
        Assert.Empty(page.FindAll($"[data-testid='reach-badge-{rule.Id}']"));

        await page.Find($"[data-testid='check-{rule.Id}']").ClickAsync(new());

        // The click returned with the check still running: the dialog shows it on its first step.
        dialogs.WaitForAssertion(() => Assert.Equal("Can the internet reach Web server?", dialogs.Find(".mud-dialog-title").TextContent.Trim()), Within);
        Assert.Equal("service", dialogs.Find(".reach-step-running").GetAttribute("data-next-step"));
        Assert.True(dialogs.Find("#reach-check-again").HasAttribute("disabled"), "Check again must wait for the running check");

        _steps.Answer(CheckStepName.Service);
        dialogs.WaitForAssertion(() => Assert.Equal("pass", dialogs.Find("li[data-step='service']").GetAttribute("data-status")), Within);
        Assert.Equal("relay", dialogs.Find(".reach-step-running").GetAttribute("data-next-step"));

        _steps.Answer(CheckStepName.Relay);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".reach-step-running")), Within);
        Assert.Equal("fail", dialogs.Find("li[data-step='relay']").GetAttribute("data-status"));
        Assert.Equal("What to do: Turn the rule on with its switch in the rules table.", dialogs.Find("li[data-step='relay'] .reach-step-fix").TextContent);
        Assert.False(dialogs.Find("#reach-check-again").HasAttribute("disabled"));

        page.WaitForAssertion(() => Assert.Equal("broken", page.Find($"[data-testid='reach-badge-{rule.Id}']").GetAttribute("data-verdict")), Within);
        Assert.StartsWith("Not listening", page.Find($"[data-testid='reach-badge-{rule.Id}']").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_other_rules_checks_fill_the_checker_check_says_so_and_opens_nothing()
    {
        var busy = await SaveRuleAsync("Game server", 25565);
        var rule = await SaveRuleAsync("Web server", 8080);
        Assert.True(Services.GetRequiredService<ReachabilityChecker>().TryStart(busy, out _));
        var snackbars = Render<MudSnackbarProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<PortForwarding>();
        page.WaitForAssertion(() => Assert.Contains("Web server", page.Find("#rules-table").TextContent, StringComparison.Ordinal), Within);

        await page.Find($"[data-testid='check-{rule.Id}']").ClickAsync(new());

        snackbars.WaitForAssertion(() => Assert.Contains("Other rules' checks are running; try again in a few seconds.", snackbars.Markup, StringComparison.Ordinal), Within);
        Assert.Empty(dialogs.FindAll("#reach-dialog"));
        Assert.Empty(page.FindAll($"[data-testid='reach-badge-{rule.Id}']"));
        // The running check's own row shows it is checking.
        Assert.Equal("checking", page.Find($"[data-testid='reach-badge-{busy.Id}']").GetAttribute("data-verdict"));
    }

    [Fact]
    public async Task With_30_rules_the_table_shows_25_and_the_pager_shows_the_rest()
    {
        await SaveRulesAsync(30);

        var page = Render<PortForwarding>();

        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Within);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"Rule {i:D2}"), RowNames(page));
        Assert.Equal("30", page.Find("#rules-table").GetAttribute("data-rules-total"));
        Assert.Contains("1–25 of 30", page.Find("#rules-pager").TextContent, StringComparison.Ordinal);

        await page.Find("#rules-pager button[aria-label='Next page']").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(Enumerable.Range(25, 5).Select(i => $"Rule {i:D2}"), RowNames(page)), Within);
        Assert.Contains("26–30 of 30", page.Find("#rules-pager").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prerendered_the_table_shows_the_first_page_without_a_pager()
    {
        await SaveRulesAsync(30);
        RenderAsPrerendered();

        var page = Render<PortForwarding>();

        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Within);
        Assert.Empty(page.FindAll("#rules-pager"));
        Assert.True(page.Find("#rule-search").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Search_finds_rules_by_name_or_port_from_any_page_and_says_when_none_match()
    {
        await SaveRulesAsync(30);
        var page = Render<PortForwarding>();
        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Within);
        await page.Find("#rules-pager button[aria-label='Next page']").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(5, RowNames(page).Count), Within);

        // On the second page, a search shows the first page of its matches.
        await SearchAsync(page, "rule 27");
        page.WaitForAssertion(() => Assert.Equal(["Rule 27"], RowNames(page)), Within);
        Assert.Equal("1", page.Find("#rules-table").GetAttribute("data-rules-shown"));

        await SearchAsync(page, "9005");
        page.WaitForAssertion(() => Assert.Equal(["Rule 05"], RowNames(page)), Within);

        await SearchAsync(page, "no such rule");
        page.WaitForAssertion(() => Assert.Contains("No rule matches", page.Find("#no-matching-rules").TextContent, StringComparison.Ordinal), Within);
        Assert.Empty(page.FindAll("#no-rules"));

        await SearchAsync(page, "");
        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Within);
    }

    [Fact]
    public async Task A_rule_saved_elsewhere_while_searching_appears_only_if_it_matches()
    {
        await SaveRulesAsync(3);
        var page = Render<PortForwarding>();
        page.WaitForAssertion(() => Assert.Equal(3, RowNames(page).Count), Within);
        await SearchAsync(page, "game");
        page.WaitForElement("#no-matching-rules", Within);

        await SaveRuleAsync("Mail server", 2525);
        await SaveRuleAsync("Game server", 25565);

        page.WaitForAssertion(() => Assert.Equal(["Game server"], RowNames(page)), Within);
        Assert.Equal("5", page.Find("#rules-table").GetAttribute("data-rules-total"));
    }
}
