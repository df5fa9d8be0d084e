using System.Net;
using System.Net.Sockets;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.Components.Rules;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.Components;

/// <summary>A rule that cannot listen: the panel in Spanish says why in Spanish, and the status API keeps saying it in English.</summary>
public sealed class SpanishRuleStatusTests(SharedPanel panel) : MudTestContext, IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_whose_port_is_taken_reads_in_Spanish_on_the_panel_and_in_English_on_the_API()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var rule = await panel.Api.CreateRuleAsync(PanelApi.Rule("Taken (es)", port), Ct);
        var id = (int)rule["id"]!;

        var status = await ErrorStatusAsync(id);
        using var response = await panel.Api.GetAsync($"/api/rules/{id}/status", Ct);
        var api = await response.ReadObjectAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("error", (string?)api["state"]);
        Assert.Equal($"Port {port} is already in use by another program", (string?)api["message"]);

        var chip = InLanguage.Spanish(() => Render<RuleStatusChip>(p => p.Add(c => c.Status, status).Add(c => c.RuleId, id)));

        Assert.Equal($"El puerto {port} ya lo usa otro programa", chip.Find(".rule-status-message").TextContent);
        Assert.Equal("error", chip.Find(".status-chip").GetAttribute("data-state"));
    }

    [Fact]
    public void A_turned_off_rule_reads_in_Spanish_and_in_English_as_before()
    {
        var status = new RuleStatusBoard(TimeProvider.System).Get(ruleId: 1, enabled: false);

        var chip = InLanguage.Spanish(() => Render<RuleStatusChip>(p => p.Add(c => c.Status, status).Add(c => c.RuleId, 1)));

        Assert.Equal("The rule is turned off.", status.Message);
        Assert.Equal("La regla está desactivada.", chip.Find(".status-chip").GetAttribute("title"));
    }

    /// <summary>The board's status once the reconciler has tried the rule (pending until then).</summary>
    private async Task<RuleStatus> ErrorStatusAsync(int id)
    {
        var board = panel.Factory.Services.GetRequiredService<RuleStatusBoard>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (board.Get(id, enabled: true) is { State: RuleState.Pending } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        var status = board.Get(id, enabled: true);
        Assert.Equal(RuleState.Error, status.State);
        return status;
    }
}
