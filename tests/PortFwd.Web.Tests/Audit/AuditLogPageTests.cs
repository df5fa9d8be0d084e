using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using PortFwd.Data;
using PortFwd.Data.Audit;
using PortFwd.Web.Components.Pages;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.Components;

namespace PortFwd.Web.Tests.Audit;

/// <summary>The Log page over a real SQLite file: entries newest first with who, where and what, details on demand, and the filters.</summary>
public sealed class AuditLogPageTests : MudTestContext, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dataDirectory;

    public AuditLogPageTests()
        : this(Directory.CreateTempSubdirectory("portfwd-log-page-").FullName)
    {
    }

    private AuditLogPageTests(string dataDirectory)
        : base(services => AddPageServices(services, dataDirectory))
    {
        _dataDirectory = dataDirectory;
        RenderAsLive();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void AddPageServices(IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPortFwdSettings();
        services.AddPortFwdData(dataDirectory);
    }

    public async ValueTask InitializeAsync()
    {
        await PortFwdDatabase.MigrateAsync(Services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>(), Ct);
        var log = Services.GetRequiredService<AuditStore>();
        await log.AddAsync(new AuditEntry
        {
            At = Now.AddHours(-3), Actor = "alice", Via = AuditVia.Panel, ClientAddress = "192.168.1.5", Action = AuditActions.RuleUpdate,
            Target = "rule 3 \"Minecraft\"", Before = "{\"name\":\"Minecraft\",\"internalPort\":25565}", After = "{\"name\":\"Minecraft\",\"internalPort\":25566}",
        }, Ct);
        await log.AddAsync(new AuditEntry { At = Now.AddHours(-1), Actor = "mallory", Via = AuditVia.Panel, ClientAddress = "203.0.113.9", Action = AuditActions.SignInFailure, Target = "account \"mallory\"" }, Ct);
        await log.AddAsync(new AuditEntry { At = Now.AddDays(-20), Actor = "alice", Via = AuditVia.Token, ClientAddress = "192.168.1.5", Action = AuditActions.RuleCreate, Target = "rule 3 \"Minecraft\"" }, Ct);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Api.PanelFactory.ReleaseDatabase(_dataDirectory);
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private IRenderedComponent<ContainerFragment> RenderPage() => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<AuditLog>(1);
        builder.CloseComponent();
    });

    private static List<string> Actions(IRenderedComponent<ContainerFragment> page) => [.. page.FindAll("td.log-action").Select(td => td.TextContent.Trim())];

    [Fact]
    public void The_last_week_shows_newest_first_with_time_who_where_and_target_and_a_change_shows_before_and_after_on_demand()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(["signin.failure", "rule.update"], Actions(page)));
        Assert.Equal(["2026-12-01 11:00:00", "2026-12-01 09:00:00"], page.FindAll("td.log-time").Select(td => td.TextContent.Trim()));
        Assert.Equal(["203.0.113.9", "192.168.1.5"], page.FindAll("td.log-address").Select(td => td.TextContent.Trim()));
        Assert.StartsWith("alice", page.FindAll("td.log-actor")[1].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("rule 3 \"Minecraft\"", page.FindAll("td.log-target")[1].TextContent.Trim());
        Assert.Empty(page.FindAll(".log-before"));

        var toggle = Assert.Single(page.FindAll(".log-details-toggle"));
        toggle.Click();

        page.WaitForAssertion(() => Assert.Contains("25565", page.Find(".log-before").TextContent, StringComparison.Ordinal));
        Assert.Contains("25566", page.Find(".log-after").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_what_who_and_when_narrows_the_entries()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(2, Actions(page).Count));

        // The first list is "What".
        await page.FindAll(".mud-select .mud-input-control")[0].MouseDownAsync();
        page.WaitForElements(".mud-popover .mud-list-item");
        await page.FindAll(".mud-popover .mud-list-item").Single(i => i.TextContent.Trim() == "Rules").ClickAsync();
        page.WaitForAssertion(() => Assert.Equal(["rule.update"], Actions(page)));

        var period = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "When");
        await page.InvokeAsync(() => period.Instance.ValueChanged.InvokeAsync("30d"));
        page.WaitForAssertion(() => Assert.Equal(["rule.update", "rule.create"], Actions(page)));

        page.Find("#log-actor").Change("mallory");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#no-log-entries")));
    }
}
