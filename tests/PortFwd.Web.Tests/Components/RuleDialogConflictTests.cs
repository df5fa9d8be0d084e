using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Data;
using PortFwd.Data.Rules;
using PortFwd.Web.Components.Rules;
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
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IServer>(new NoServer());
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<PortFwd.Web.Hosting.IHostNameResolver>(new DynamicDns.DdnsResolutionTests.FakeResolver());
        services.AddSingleton<PortFwd.Web.Rules.PanelPorts>();
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

        var dialogs = await SaveOnPort8080Async();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "La regla «Game» ya reenvía el puerto 8080/TCP; elija otro puerto externo o desactive antes esa regla.", TextUnder(dialogs, "rule-external-port")), Within);
        Assert.DoesNotContain("already forwarded", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_English_the_dialog_says_what_the_API_says()
    {
        var dialogs = await SaveOnPort8080Async();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "Port 8080/TCP is already forwarded by rule \"Game\"; choose another external port or disable that rule first.", TextUnder(dialogs, "rule-external-port")), Within);
    }

    private async Task<IRenderedComponent<MudDialogProvider>> SaveOnPort8080Async()
    {
        var dialogs = Render<MudDialogProvider>();
        await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<RuleDialog>("Add rule"));
        await dialogs.Find("#rule-name").InputAsync("Web server");
        await dialogs.Find("#rule-external-port").InputAsync("8080");
        await dialogs.Find("#rule-internal-host").InputAsync("192.168.1.20");
        await dialogs.Find("#rule-internal-port").InputAsync("80");
        await dialogs.Find("form").SubmitAsync();
        return dialogs;
    }

    private static string TextUnder(IRenderedComponent<MudDialogProvider> dialogs, string inputId) =>
        dialogs.Find($"#{inputId}").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
}
