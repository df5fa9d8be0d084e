using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Data;
using PortFwd.Data.Rules;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// The rule dialog, saving a rule whose port a saved rule holds, shows the conflict under the field in the page's
/// language; in English it is the sentence the API answers.
/// </summary>
public sealed class RuleDialogConflictTests() : MudDatabaseTestContext("portfwd-rule-conflict-", AddDialogServices)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private static void AddDialogServices(IServiceCollection services, string dataDirectory)
    {
        services.AddPortFwdData(dataDirectory);
        services.AddSingleton<IRuleChangeSignal>(new RuleChangeSignal());
        RuleDialogHost.AddMachine(services);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var saved = await Services.GetRequiredService<RuleStore>().CreateAsync(
            new RuleDraft { Name = "Game", Protocol = "tcp", ExternalPort = 8080, InternalHost = "192.168.1.30", InternalPort = 8080 }, RuleValidationContext.Empty, Ct);
        Assert.True(saved.IsSuccess, saved.ToString());
    }

    [Fact]
    public async Task A_port_a_saved_rule_holds_is_said_in_Spanish_under_the_external_port()
    {
        using var spanish = SpanishUi.Use();

        var dialogs = await RuleDialogHost.SaveWebServerOn8080Async(this);

        dialogs.WaitForAssertion(() => Assert.Equal(
            "La regla «Game» ya reenvía el puerto 8080/TCP; elija otro puerto externo o desactive antes esa regla.", TextUnder(dialogs, "rule-external-port")), Within);
        Assert.DoesNotContain("already forwarded", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_English_the_dialog_says_what_the_API_says()
    {
        var dialogs = await RuleDialogHost.SaveWebServerOn8080Async(this);

        dialogs.WaitForAssertion(() => Assert.Equal(
            "Port 8080/TCP is already forwarded by rule \"Game\"; choose another external port or disable that rule first.", TextUnder(dialogs, "rule-external-port")), Within);
    }

    private static string TextUnder(IRenderedComponent<MudDialogProvider> dialogs, string inputId) =>
        dialogs.Find($"#{inputId}").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
}
