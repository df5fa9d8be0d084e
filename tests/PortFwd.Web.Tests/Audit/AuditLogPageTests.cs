using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using PortFwd.Data;
using PortFwd.Data.Audit;
using PortFwd.Web.Components.Pages;
using PortFwd.Web.Audit;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.Components;

namespace PortFwd.Web.Tests.Audit;

/// <summary>The Log page over a real SQLite file: entries newest first with who, where and what, details on demand, and the filters.</summary>
public sealed class AuditLogPageTests() : MudDatabaseTestContext("portfwd-log-page-", AddPageServices)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static void AddPageServices(IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPortFwdSettings();
        services.AddPortFwdData(dataDirectory);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var log = Services.GetRequiredService<AuditStore>();
        await log.AddAsync(new AuditEntry
        {
            At = Now.AddHours(-3), Actor = "alice", Via = AuditVia.Panel, ClientAddress = "192.168.1.5", Action = AuditActions.RuleUpdate,
            Target = "rule 3 \"Minecraft\"", Before = "{\"name\":\"Minecraft\",\"internalPort\":25565}", After = "{\"name\":\"Minecraft\",\"internalPort\":25566}",
        }, Ct);
        await log.AddAsync(new AuditEntry { At = Now.AddHours(-1), Actor = "mallory", Via = AuditVia.Panel, ClientAddress = "203.0.113.9", Action = AuditActions.SignInFailure, Target = "account \"mallory\"" }, Ct);
        await log.AddAsync(new AuditEntry { At = Now.AddDays(-20), Actor = "alice", Via = AuditVia.Token, ClientAddress = "192.168.1.5", Action = AuditActions.RuleCreate, Target = "rule 3 \"Minecraft\"" }, Ct);
    }

    private IRenderedComponent<ContainerFragment> RenderPage() => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<AuditLog>(1);
        builder.CloseComponent();
    });

    /// <summary>The stored action names of the rows shown (the page writes each in words, keeping the name alongside).</summary>
    private static List<string> Actions(IRenderedComponent<ContainerFragment> page) => [.. page.FindAll("td.log-action").Select(td => td.GetAttribute("data-action") ?? "")];

    private static List<string> ActionWords(IRenderedComponent<ContainerFragment> page) => [.. page.FindAll("td.log-action").Select(td => td.TextContent.Trim())];

    [Fact]
    public void The_last_week_shows_newest_first_with_time_who_where_and_target_and_a_change_shows_before_and_after_on_demand()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(["signin.failure", "rule.update"], Actions(page)));
        Assert.Equal(["Sign-in failed", "Rule changed"], ActionWords(page));
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
    public async Task A_change_made_with_a_token_says_which_token()
    {
        await Services.GetRequiredService<AuditStore>().AddAsync(new AuditEntry
        {
            At = Now.AddMinutes(-5), Actor = "alice", Via = AuditVia.Token, Token = "backup script", ClientAddress = "192.168.1.5",
            Action = AuditActions.RuleCreate, Target = "rule 4 \"Backups\"",
        }, Ct);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal("rule.create", Actions(page)[0]));
        Assert.Equal("alice (API token \"backup script\")", page.FindAll("td.log-actor")[0].TextContent.Trim());
        Assert.Equal("mallory (panel)", page.FindAll("td.log-actor")[1].TextContent.Trim());
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

    [Fact]
    public async Task In_Spanish_the_filters_columns_and_actions_are_Spanish_and_the_stored_names_stay_English()
    {
        using var spanish = PortFwd.Web.Tests.Localization.SpanishCulture.Use(this);
        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(["Inicio de sesión fallido", "Regla modificada"], ActionWords(page)));
        Assert.Equal(["signin.failure", "rule.update"], Actions(page));
        Assert.Equal("Registro", page.Find("h1").TextContent.Trim());
        Assert.Equal(["Hora", "Quién", "Desde", "Acción", "Objeto", ""], page.FindAll("#log-table thead th").Select(th => th.TextContent.Trim()));
        Assert.Contains("(panel web)", page.FindAll("td.log-actor")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Detalles", page.Find(".log-details-toggle").TextContent.Trim());
        page.Find(".log-details-toggle").Click();
        page.WaitForAssertion(() => Assert.Equal("Ocultar", page.Find(".log-details-toggle").TextContent.Trim()));
        Assert.Contains("Antes", page.Find(".log-details").TextContent, StringComparison.Ordinal);

        await page.FindAll(".mud-select .mud-input-control")[0].MouseDownAsync();
        page.WaitForElements(".mud-popover .mud-list-item");
        Assert.Equal(["Todo", "Reglas", "DNS dinámico", "Lista de bloqueo", "Certificados", "Asignaciones del router", "Ajustes", "Restauraciones", "Importaciones", "Cuentas", "Inicios de sesión"],
            page.FindAll(".mud-popover .mud-list-item").Select(i => i.TextContent.Trim()));
        Assert.Empty(PortFwd.Web.Tests.Localization.SpanishUi.EnglishLeftIn(page.Markup, "Audit"));
    }

    [Fact]
    public void Every_action_the_log_records_has_words_in_both_languages()
    {
        var english = PortFwd.Web.Tests.Localization.ResxFile.Read("Ui.resx");
        var spanish = PortFwd.Web.Tests.Localization.ResxFile.Read("Ui.es.resx");

        var missing = AuditActions.All.Select(a => $"Audit.Action.{a}").Where(k => !english.ContainsKey(k) || !spanish.ContainsKey(k));
        Assert.Equal("", string.Join(", ", missing));
        var kinds = AuditLogFilter.Kinds.Select(k => $"Audit.Kind.{(k.Prefix.Length == 0 ? "all" : k.Prefix)}")
            .Concat(AuditLogFilter.Periods.Select(p => $"Audit.Period.{p.Name}"))
            .Concat(new[] { AuditVia.Panel, AuditVia.Token, AuditVia.Anonymous, AuditVia.System }.Select(v => $"Audit.Via.{v}"));
        Assert.Equal("", string.Join(", ", kinds.Where(k => !spanish.ContainsKey(k))));
    }

    [Fact]
    public async Task An_action_without_words_shows_its_stored_name()
    {
        await Services.GetRequiredService<AuditStore>().AddAsync(
            new AuditEntry { At = Now.AddMinutes(-5), Actor = "alice", Via = AuditVia.Panel, ClientAddress = "192.168.1.5", Action = "future.thing", Target = "x" }, Ct);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal("future.thing", ActionWords(page)[0]));
    }
}
