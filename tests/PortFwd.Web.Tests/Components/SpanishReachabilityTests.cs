using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Rules;
using PortFwd.Web.Components;
using PortFwd.Web.Components.Reachability;
using PortFwd.Web.Localization;
using PortFwd.Web.Reachability;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// The reachability check in Spanish: the check button, the dialog, the steps and the badge say everything in Spanish
/// (what the checker itself found stays its own words); and a section still to come says so in Spanish.
/// </summary>
public sealed class SpanishReachabilityTests : MudTestContext, IAsyncDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset CheckedAt = new(2026, 11, 30, 18, 5, 9, TimeSpan.Zero);
    private static readonly ForwardingRule Rule = new() { Id = 7, Name = "Servidor web", Protocol = Protocol.Tcp, ExternalPort = 8080, InternalHost = "192.168.1.20", InternalPort = 80 };

    private readonly CheckSteps _steps;
    private readonly IDisposable _spanish;

    public SpanishReachabilityTests()
        : this(new CheckSteps().With(CheckStep.Pass(CheckStepName.Service, "192.168.1.20:80 accepts connections.")))
    {
    }

    private SpanishReachabilityTests(CheckSteps steps)
        : base(services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
            services.AddSingleton<IRuleChangeSignal, RuleChangeSignal>();
            steps.AddTo(services, maxRunningChecks: 1);
        })
    {
        _steps = steps;
        RenderAsLive();
        _spanish = SpanishCulture.Use(this);
    }

    public new async ValueTask DisposeAsync()
    {
        _steps.AnswerAll();
        _spanish.Dispose();
        await base.DisposeAsync();
    }

    private static ReachabilityReport Report(bool finished, params CheckStep[] steps) => new(Rule.Id, CheckedAt, steps, finished);

    [Fact]
    public void The_steps_name_each_step_and_status_in_Spanish_and_keep_what_the_checker_found()
    {
        var list = Render<ReachabilitySteps>(p => p.Add(c => c.Report, Report(false,
            CheckStep.Pass(CheckStepName.Service, "192.168.1.20:80 accepts connections."),
            CheckStep.Fail(CheckStepName.Relay, "The rule is turned off.", "Turn the rule on."),
            CheckStep.Warn(CheckStepName.Router, "PortFwd cannot see the router's forwardings.", "Forward TCP 8080."))));

        Assert.Equal(["Servicio", "PortFwd escuchando", "Router doméstico", "Dirección pública"], list.FindAll(".reach-step-title").Select(t => t.TextContent));
        Assert.Equal(["Correcto", "Fallido", "Advertencia"], list.FindAll("li[data-status] svg.reach-step-icon").Select(i => i.GetAttribute("title") ?? i.QuerySelector("title")?.TextContent));
        Assert.Equal("Qué hacer: Turn the rule on.", list.Find("li[data-step='relay'] .reach-step-fix").TextContent);
        var running = list.Find(".reach-step-running");
        Assert.Contains("Comprobando…", running.TextContent, StringComparison.Ordinal);
        Assert.Equal("Comprobando", running.QuerySelector(".mud-progress-circular")!.GetAttribute("aria-label"));
        Assert.Empty(SpanishUi.EnglishLeftIn(list.Markup, "Reach.Step", "Reach.Status", "Reach.WhatToDo", "Reach.Checking", "Reach.CheckingNow"));
        Assert.DoesNotContain("What to do", list.Markup, StringComparison.Ordinal);
    }

    public static TheoryData<bool, string> Verdicts => new()
    {
        { true, "Accesible desde internet" },
        { false, "Comprobando…" },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void The_badge_says_the_verdict_and_its_time_in_Spanish(bool reachable, string summary)
    {
        var report = reachable
            ? Report(true, CheckStep.Pass(CheckStepName.Service, "ok"), CheckStep.Pass(CheckStepName.Internet, "ifconfig.co connected."))
            : Report(false);

        var badge = Render<ReachabilityBadge>(p => p.Add(c => c.Report, report).Add(c => c.OnClick, () => { }));

        var chip = badge.Find("[data-testid='reach-badge-7']");
        Assert.Equal($"{summary} · 18:05", chip.TextContent.Trim());
        Assert.Equal("Accesibilidad comprobada el 2026-11-30 18:05:09: haga clic para ver los pasos", chip.GetAttribute("title"));
        Assert.Empty(SpanishUi.EnglishLeftIn(badge.Markup, "Msg.Reach.Summary", "Reach.Badge"));
    }

    [Fact]
    public void Every_verdict_the_report_can_give_is_a_reachability_message_with_Spanish_words()
    {
        MessageTemplate[] verdicts =
        [
            ReachabilityMessages.SummaryChecking, ReachabilityMessages.SummaryReachable, ReachabilityMessages.SummaryService, ReachabilityMessages.SummaryRelay,
            ReachabilityMessages.SummaryRouter, ReachabilityMessages.SummaryBehindRouter, ReachabilityMessages.SummaryProviderNat, ReachabilityMessages.SummaryInternet,
            ReachabilityMessages.SummaryName, ReachabilityMessages.SummaryUntried,
        ];

        // In the one list whose translations ServiceMessageTextTests checks, so each has its English and Spanish words.
        Assert.All(verdicts, v => Assert.Contains(v, ServiceMessages.All));
        // And each is one the report gives: a finished check whose relay failed says "Not listening".
        var relay = Report(true, CheckStep.Fail(CheckStepName.Relay, "off", "on"));
        Assert.Equal((ReachabilityMessages.SummaryRelay.With(), "Not listening"), (relay.SummarySaid, relay.Summary));
        Assert.Equal("No está escuchando", MessageText.Localize(relay.SummarySaid, UiText.Ui, MessageText.ServicePrefix));
        Assert.Equal(ReachabilityMessages.SummaryProviderNat.With(), Report(true, CheckStep.Fail(CheckStepName.PublicAddress, "CGNAT", "ask")).SummarySaid);
    }

    [Fact]
    public async Task The_check_button_and_the_dialog_it_opens_speak_Spanish()
    {
        var dialogs = Render<MudDialogProvider>();
        var button = Render<ReachabilityCheckButton>(p => p.Add(c => c.Rule, Rule));
        var check = button.Find("[data-testid='check-7']");
        Assert.Equal("Comprobar si se puede llegar a Servidor web desde internet", check.GetAttribute("aria-label"));
        Assert.Equal("Comprobar si se puede llegar a esta regla desde internet", check.GetAttribute("title"));

        var service = Services.GetRequiredService<IDialogService>();
        await dialogs.InvokeAsync(() => service.ShowAsync<ReachabilityDialog>("", new DialogParameters<ReachabilityDialog> { { d => d.Rule, Rule } }));

        dialogs.WaitForAssertion(() => Assert.Equal("¿Se puede llegar a Servidor web desde internet?", dialogs.Find(".mud-dialog-title").TextContent.Trim()), Within);
        Assert.Equal("Sin comprobar desde que se inició PortFwd. Elija Volver a comprobar para comprobarlo ahora.", dialogs.Find("#reach-not-checked").TextContent.Trim());
        Assert.Equal(("Volver a comprobar", "Cerrar"), (dialogs.Find("#reach-check-again").TextContent.Trim(), dialogs.Find("#reach-close").TextContent.Trim()));

        await dialogs.Find("#reach-check-again").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Equal("Servicio", dialogs.Find(".reach-step-running .reach-step-title").TextContent), Within);
        Assert.Empty(SpanishUi.EnglishLeftIn(dialogs.Markup, "Reach"));
    }

    [Fact]
    public async Task When_other_checks_fill_the_checker_the_snackbar_says_so_in_Spanish()
    {
        var busy = new ForwardingRule { Id = 8, Name = "Juegos", Protocol = Protocol.Tcp, ExternalPort = 25565, InternalHost = "192.168.1.30", InternalPort = 25565 };
        Assert.True(Services.GetRequiredService<ReachabilityChecker>().TryStart(busy, out _));
        var snackbars = Render<MudSnackbarProvider>();
        var button = Render<ReachabilityCheckButton>(p => p.Add(c => c.Rule, Rule).Add(c => c.Text, "Comprobar"));

        await button.Find("[data-testid='check-7']").ClickAsync(new());

        snackbars.WaitForAssertion(() => Assert.Contains("Se están comprobando otras reglas; vuelva a intentarlo en unos segundos.", snackbars.Markup, StringComparison.Ordinal), Within);
        Assert.DoesNotContain("Other rules", snackbars.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_still_to_come_says_so_in_Spanish()
    {
        var section = Render<ComingSoon>(p => p.Add(c => c.Title, "Copias programadas"));

        Assert.Equal("Copias programadas", section.Find("h1").TextContent);
        Assert.Equal("Llegará en una próxima versión", section.Find(".coming-soon .mud-typography-subtitle2").TextContent);
        Assert.Empty(SpanishUi.EnglishLeftIn(section.Markup, "ComingSoon"));
    }
}
