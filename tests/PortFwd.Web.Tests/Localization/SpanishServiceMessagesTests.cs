using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortFwd.Core.Blocklist;
using PortFwd.Core.DynamicDns;
using PortFwd.Import;
using PortFwd.Testing;
using PortFwd.Web.Backup;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.Localization;
using PortFwd.Web.Reachability;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Localization;

/// <summary>
/// Import, blocklist, restore and Dynamic DNS lookup messages carry codes: a Spanish panel says them in Spanish, while the API keeps answering the
/// English, even to a client that asks for Spanish.
/// </summary>
public sealed class SpanishServiceMessagesTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string RinetdSample => File.ReadAllText(RepositoryFiles.PathOf("tests", "PortFwd.Import.Tests", "Samples", "rinetd.conf"));

    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static string InSpanish(Func<string> read) => InLanguage.Spanish(read);

    [Fact]
    public void A_rule_the_import_reads_but_the_validator_refuses_reads_in_Spanish_with_the_validators_own_words()
    {
        var result = RuleImporter.Parse(ImportFormat.Rinetd, "0.0.0.0 8081 127.0.0.1 8081\n");
        var problem = Assert.Single(result.Problems);

        Assert.Equal("\"rinetd line 1\": This would forward the port to itself on this machine; choose another internal port or host.", problem.Reason);
        Assert.Equal("«rinetd line 1»: Esto reenviaría el puerto a sí mismo en este equipo; elija otro puerto o host interno.",
            InSpanish(() => ImportText.Localize(problem.Said, problem.Reason, UiText.Ui)));
        Assert.Equal(problem.Reason, InLanguage.Run("en", () => ImportText.Localize(problem.Said, problem.Reason, UiText.Ui)));
    }

    [Theory]
    [InlineData("iptables-save.txt", ImportFormat.Iptables)]
    [InlineData("nft-ruleset.txt", ImportFormat.Nftables)]
    [InlineData("rinetd.conf", ImportFormat.Rinetd)]
    [InlineData("frpc.toml", ImportFormat.Frpc)]
    [InlineData("frpc.ini", ImportFormat.Frpc)]
    public void Every_problem_and_note_of_a_real_sample_reads_differently_in_Spanish(string file, ImportFormat format)
    {
        var result = RuleImporter.Parse(format, File.ReadAllText(RepositoryFiles.PathOf("tests", "PortFwd.Import.Tests", "Samples", file)));
        var lines = result.Problems.Select(p => (p.Said, English: p.Reason)).Concat(result.Notes.Select(n => (n.Said, English: n.Note))).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.NotEqual(line.English, InSpanish(() => ImportText.Localize(line.Said, line.English, UiText.Ui))));
    }

    [Fact]
    public void The_whole_text_refused_names_the_format_in_Spanish()
    {
        var problem = Assert.Single(RuleImporter.Parse(ImportFormat.Iptables, "").Problems);

        Assert.Equal("The text is empty; paste the contents of iptables-save output.", problem.Reason);
        Assert.Equal("El texto está vacío; pegue el contenido de la salida de iptables-save.", InSpanish(() => ImportText.Localize(problem.Said, problem.Reason, UiText.Ui)));
    }

    [Theory]
    [InlineData("::ffff:203.0.113.9", "«::ffff:203.0.113.9» es una dirección IPv4 escrita como IPv6; los clientes IPv4 se comparan como IPv4, así que bloquee 203.0.113.9 en su lugar.")]
    [InlineData("127.0.0.0/8", "127.0.0.0/8 contiene 127.0.0.1, la dirección propia de este equipo: ningún cliente de fuera viene de ella, y se rechazaría a los programas de este equipo. Bloquee en su lugar la dirección o red de fuera.")]
    [InlineData("", "Indique la dirección o red que quiere bloquear, como 203.0.113.7 o 203.0.113.0/24.")]
    [InlineData("scanner", "«scanner» no es una dirección ni una red; use formas como 203.0.113.7 o 203.0.113.0/24.")]
    [InlineData("10.0.0.7/24", "«10.0.0.7/24» tiene bits activados más allá del prefijo /24; ¿quería decir 10.0.0.0/24?")]
    public void A_blocklist_address_refused_reads_in_Spanish_and_the_English_is_unchanged(string address, string spanish)
    {
        var result = BlocklistEntryValidator.Validate(new BlocklistDraft { Address = address }, Now);

        var message = Assert.Single(result.Messages![BlocklistFields.Address]);
        Assert.Equal(spanish, InSpanish(() => MessageText.Localize(message, UiText.Ui, MessageText.ServicePrefix)));
        Assert.Equal([message.Text], result.Errors[BlocklistFields.Address]);
    }

    [Fact]
    public void A_backup_of_no_version_is_refused_in_Spanish_and_its_JSON_keeps_only_the_English()
    {
        using var backup = JsonDocument.Parse("""{"format": "portfwd-backup"}""");

        var problem = BackupReader.Read(backup.RootElement, JsonSerializerOptions.Web).Problem!;

        Assert.Equal($"The backup is of version (none); this panel reads version {BackupDocument.CurrentVersion}.", problem.Message);
        Assert.Equal($"La copia de seguridad es de la versión (ninguna); este panel lee la versión {BackupDocument.CurrentVersion}.", InSpanish(() => problem.Said!.Say(UiText.Ui)));
        Assert.Equal(["section", "index", "item", "field", "message"],
            JsonSerializer.SerializeToNode(problem, JsonSerializerOptions.Web)!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task A_name_pointing_elsewhere_reads_in_Spanish_on_the_status_page_and_in_the_name_step()
    {
        var name = new DdnsName { Id = 1, Provider = DdnsProvider.NoIp, HostName = "home.ddns.net" };
        var check = await new DdnsResolution(new DynamicDns.DdnsResolutionTests.FakeResolver("198.51.100.9")).CheckAsync(name, IPAddress.Parse("203.0.113.5"), Ct);

        const string spanish = "home.ddns.net se resuelve a 198.51.100.9, no a la dirección pública 203.0.113.5 (puede que una actualización aún esté atravesando las cachés de DNS).";
        Assert.Equal(spanish, InSpanish(() => MessageText.Service(check.Said, check.Message, UiText.Ui)!));
        var step = NameCheck.Of(check);
        Assert.Equal(check.Message, step.Message);
        Assert.Equal(spanish, InSpanish(() => MessageText.Localize(step.Said, UiText.Ui, MessageText.ServicePrefix)));
    }

    [Fact]
    public async Task The_API_answers_the_import_of_a_real_sample_in_English_to_a_client_that_asks_for_Spanish()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/import?format=rinetd&dryRun=true") { Content = new StringContent(RinetdSample, Encoding.UTF8, "text/plain") };
        request.Headers.AcceptLanguage.ParseAdd("es-ES");

        using var response = await panel.Api.SendAsync(request, Ct);

        var body = await response.ReadObjectAsync(Ct);
        string Said(string list, int line) => (string)body[list]!.AsArray().OfType<JsonObject>().First(p => (int)p["line"]! == line)[list == "notes" ? "note" : "message"]!;
        Assert.Equal("\"smb\" is a service name the import does not know; write its port number instead.", Said("problems", 21));
        Assert.Equal("Options not carried over: timeout (PortFwd ends idle UDP sessions on its own timer).", Said("notes", 19));
    }

    [Fact]
    public async Task The_API_answers_a_refused_blocklist_address_in_English_to_a_client_that_asks_for_Spanish()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/blocklist")
        {
            Content = new StringContent(new JsonObject { ["address"] = "::ffff:203.0.113.9" }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.AcceptLanguage.ParseAdd("es-ES");

        using var response = await panel.Api.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.ReadObjectAsync(Ct);
        Assert.Equal("\"::ffff:203.0.113.9\" is an IPv4 address written as IPv6; IPv4 clients are matched as IPv4, so block 203.0.113.9 instead.",
            (string?)body["errors"]!["address"]![0]);
    }
}
