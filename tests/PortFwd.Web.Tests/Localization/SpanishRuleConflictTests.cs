using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Import;
using PortFwd.Web.Backup;
using PortFwd.Web.Import;
using PortFwd.Web.Localization;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Localization;

/// <summary>
/// A port another rule holds is said in the panel's language wherever the panel shows it (the import preview, a restore's
/// problems), while the API keeps answering the same English, even to a client that asks for Spanish.
/// </summary>
public sealed class SpanishRuleConflictTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string InSpanish(Func<string> read) => InLanguage.Spanish(read);

    [Fact]
    public async Task The_API_answers_a_conflict_in_the_same_English_to_a_client_that_asks_for_Spanish()
    {
        await panel.Api.CreateRuleAsync(PanelApi.Rule("Game", 25811), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rules") { Content = PanelApi.Json(PanelApi.Rule("Game again", 25811).ToJsonString()) };
        request.Headers.AcceptLanguage.ParseAdd("es-ES");

        using var response = await panel.Api.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadObjectAsync(Ct);
        const string english = "Port 25811/TCP is already forwarded by rule \"Game\"; choose another external port or disable that rule first.";
        Assert.Equal(english, (string?)problem["detail"]);
        Assert.Equal(english, (string?)problem["errors"]!["externalPort"]![0]);
    }

    [Fact]
    public async Task The_import_preview_says_a_port_a_saved_rule_holds_in_Spanish_and_the_English_is_unchanged()
    {
        await panel.Api.CreateRuleAsync(PanelApi.Rule("Saved game", 25812), Ct);

        var plan = await panel.Factory.Services.GetRequiredService<RuleImport>().PreviewAsync(ImportFormat.Rinetd, "0.0.0.0 25812 192.168.1.30 25812\n", word: null, Ct);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("\"rinetd line 1\": Port 25812/TCP is already forwarded by rule \"Saved game\"; choose another external port or disable that rule first.", problem.Message);
        Assert.Equal("«rinetd line 1»: La regla «Saved game» ya reenvía el puerto 25812/TCP; elija otro puerto externo o desactive antes esa regla.",
            InSpanish(() => ImportText.Localize(problem.Said, problem.Message, UiText.Ui)));
        Assert.Equal(problem.Message, InLanguage.Run("en", () => ImportText.Localize(problem.Said, problem.Message, UiText.Ui)));
    }

    [Fact]
    public void Two_lines_of_one_text_on_the_same_ports_clash_in_Spanish_naming_the_ports()
    {
        var result = RuleImporter.Parse(ImportFormat.Rinetd, "0.0.0.0 25813/udp 192.168.1.30 25813/udp\n0.0.0.0 25813/udp 192.168.1.31 25813/udp\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("\"rinetd line 2\": Port 25813/UDP is already forwarded by rule \"rinetd line 1\"; choose another external port or disable that rule first.", problem.Reason);
        Assert.Equal("«rinetd line 2»: La regla «rinetd line 1» ya reenvía el puerto 25813/UDP; elija otro puerto externo o desactive antes esa regla.",
            InSpanish(() => ImportText.Localize(problem.Said, problem.Reason, UiText.Ui)));
    }

    [Fact]
    public async Task A_backup_with_two_rules_on_one_range_is_refused_in_Spanish_and_its_JSON_keeps_the_English()
    {
        using var backup = JsonDocument.Parse(new JsonObject
        {
            ["format"] = BackupDocument.FormatName,
            ["version"] = BackupDocument.CurrentVersion,
            ["createdAt"] = "2026-12-01T10:00:00Z",
            ["rules"] = new JsonArray(RangeRule("Game A", 25820, 25830), RangeRule("Game B", 25825, 25840)),
            ["ddns"] = new JsonArray(),
            ["blocklist"] = new JsonArray(),
            ["settings"] = new JsonObject(),
        }.ToJsonString());

        var plan = await panel.Factory.Services.GetRequiredService<ConfigurationRestore>().PreviewAsync(backup.RootElement, null, Ct);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(("rules", 1, "externalPort"), (problem.Section, problem.Index, problem.Field));
        Assert.Equal("Ports 25825-25830/TCP is already forwarded by rule \"Game A\"; choose another external port or disable that rule first.", problem.Message);
        Assert.Equal("La regla «Game A» ya reenvía los puertos 25825-25830/TCP; elija otro puerto externo o desactive antes esa regla.", InSpanish(() => problem.Said!.Say(UiText.Ui)));
        Assert.DoesNotContain("said", JsonSerializer.Serialize(problem, JsonSerializerOptions.Web), StringComparison.OrdinalIgnoreCase);
    }

    private static JsonObject RangeRule(string name, int start, int end)
    {
        var rule = PanelApi.Rule(name, start);
        rule["externalPortEnd"] = end;
        rule["internalPort"] = start;
        return rule;
    }
}
