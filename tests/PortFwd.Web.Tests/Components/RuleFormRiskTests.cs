using Bunit;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Components.Rules;

namespace PortFwd.Web.Tests.Components;

/// <summary>The form's "I understand…" box for a dangerous service opened on the router: shown when needed, and sent as confirmRisk.</summary>
public sealed class RuleFormRiskTests : MudTestContext
{
    private const string RdpRisk = "Port 3389 is Remote Desktop; opening it on the router exposes it to the internet. Confirm the risk to save.";

    private readonly List<RuleDraft> _saved = [];
    private IReadOnlyDictionary<string, string[]>? _saveErrors;

    public RuleFormRiskTests() => RenderAsLive();

    private IRenderedComponent<RuleForm> RenderForm(RuleDraft? initial = null, IReadOnlyCollection<RouterRisk>? accepted = null) =>
        Render<RuleForm>(p => p
            .Add(x => x.OnSave, draft =>
            {
                _saved.Add(draft);
                return Task.FromResult(_saveErrors);
            })
            .Add(x => x.Initial, initial)
            .Add(x => x.AcceptedRisks, accepted ?? []));

    private static RuleDraft Desktop(bool openOnRouter) => new()
    {
        Name = "Desktop", Protocol = "tcp", ExternalPort = 3389, InternalHost = "192.168.1.40", InternalPort = 3389, OpenOnRouter = openOnRouter,
    };

    [Fact]
    public async Task Turning_on_open_on_router_for_remote_desktop_shows_the_risk_and_the_box()
    {
        var cut = RenderForm(Desktop(openOnRouter: false));
        Assert.Empty(cut.FindAll("#rule-confirm-risk"));

        await cut.Find("#rule-open-on-router").ChangeAsync(true);

        Assert.Equal(RdpRisk, cut.Find(".rule-risk-message").TextContent.Trim());
        Assert.Contains("I understand", cut.Find("#rule-risk").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("#rule-confirm-risk"));
    }

    [Fact]
    public async Task The_box_ticked_is_sent_as_confirm_risk()
    {
        var cut = RenderForm(Desktop(openOnRouter: true));

        await cut.Find("form").SubmitAsync();
        await cut.Find("#rule-confirm-risk").ChangeAsync(true);
        await cut.Find("form").SubmitAsync();

        Assert.Equal([false, true], _saved.Select(d => d.ConfirmRisk));
    }

    [Fact]
    public async Task The_stores_refusal_shows_under_the_box()
    {
        _saveErrors = new Dictionary<string, string[]> { [RuleFields.ConfirmRisk] = [RdpRisk] };
        var cut = RenderForm(Desktop(openOnRouter: true));

        await cut.Find("form").SubmitAsync();

        Assert.Equal(RdpRisk, cut.Find("#rule-confirm-risk-error").TextContent.Trim());
    }

    [Fact]
    public void Editing_a_rule_whose_risk_was_confirmed_when_saved_does_not_ask_again()
    {
        var cut = RenderForm(Desktop(openOnRouter: true), accepted: [new RouterRisk(3389, RuleMessages.RiskRemoteDesktop.With())]);

        Assert.Empty(cut.FindAll("#rule-confirm-risk"));
    }

    [Fact]
    public async Task A_safe_port_opened_on_the_router_asks_nothing()
    {
        var cut = RenderForm(new RuleDraft { Name = "Game", Protocol = "tcp", ExternalPort = 25565, InternalHost = "192.168.1.40", InternalPort = 25565 });

        await cut.Find("#rule-open-on-router").ChangeAsync(true);

        Assert.Empty(cut.FindAll("#rule-risk"));
    }

    [Fact]
    public async Task In_Spanish_the_risk_names_the_service_in_Spanish()
    {
        using var spanish = PortFwd.Web.Tests.Localization.InLanguage.Use("es");
        var cut = RenderForm(Desktop(openOnRouter: false));

        await cut.Find("#rule-open-on-router").ChangeAsync(true);

        Assert.Equal("El puerto 3389 es Escritorio remoto; abrirlo en el router lo expone a internet. Confirme el riesgo para guardar.",
            cut.Find(".rule-risk-message").TextContent.Trim());
    }
}
