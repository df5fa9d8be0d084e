using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Connections;

namespace PortFwd.Web.Tests.Import;

/// <summary><c>POST /api/import</c> on a real panel (a real SQLite file), with imported rules carrying bytes over real loopback sockets.</summary>
public sealed class ImportApiTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static StringContent Text(string text, string mediaType = "text/plain") => new(text, Encoding.UTF8, mediaType);

    private Task<HttpResponseMessage> ImportAsync(string text, string format = "rinetd", bool dryRun = false, HttpClient? client = null) =>
        (client ?? Api).PostAsync($"/api/import?format={format}{(dryRun ? "&dryRun=true" : "")}", Text(text), Ct);

    private Task<List<string>> RowsAsync() => PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);

    private static JsonObject Only(JsonNode? list, int line) =>
        Assert.Single(list!.AsArray().OfType<JsonObject>(), p => (int)p["line"]! == line);

    [Fact]
    public async Task A_dry_run_lists_the_rules_the_skipped_and_the_refused_lines_and_stores_nothing()
    {
        var (web, game, nas) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var text = $"""
            logfile /var/log/rinetd.log
            0.0.0.0 {Port(web)} 192.168.1.20 80
            0.0.0.0 {Port(game)}/udp 192.168.1.30 {Port(game)}/udp
            include /etc/rinetd.d/more.conf
            0.0.0.0 {Port(nas)} nas.lan 443
            """;
        var before = await RowsAsync();

        using var response = await ImportAsync(text, dryRun: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync(Ct);
        Assert.Equal("rinetd", (string?)body["format"]);
        Assert.True((bool)body["dryRun"]!);
        Assert.False((bool)body["imported"]!);
        var rule = Only(body["rules"], 2);
        // Named after its line; another test of this panel may have imported a "rinetd line 2" already.
        Assert.Matches(@"^rinetd line 2( \(\d+\))?$", (string?)rule["name"]);
        Assert.Equal("tcp", (string?)rule["protocol"]);
        Assert.Equal(Port(web), (string?)rule["ports"]);
        Assert.Equal("192.168.1.20:80", (string?)rule["target"]);
        Assert.Null(rule["id"]);
        Assert.Equal("udp", (string?)Only(body["rules"], 3)["protocol"]);
        Assert.Equal("nas.lan:443", (string?)Only(body["rules"], 5)["target"]);
        Assert.Contains("include", (string?)Only(body["problems"], 4)["message"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, (int)Assert.Single(body["notes"]!.AsArray())!["line"]!);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task An_import_adds_every_rule_at_once_and_the_relay_carries_bytes_on_an_imported_port()
    {
        await using var backend = new EchoServer();
        var (first, second) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        var text = $"""
            # two services on the old gateway
            127.0.0.1 {Port(first)} 127.0.0.1 {Port(backend.Port)}
            0.0.0.0 {Port(second)} 127.0.0.1 {Port(backend.Port)}
            """;

        using var response = await ImportAsync(text);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadObjectAsync(Ct);
        Assert.True((bool)body["imported"]!);
        Assert.Empty(body["problems"]!.AsArray());
        var ids = body["rules"]!.AsArray().Select(r => (int)r!["id"]!).ToList();
        Assert.Equal(2, ids.Count);
        var saved = (await Api.ListRulesAsync(Ct)).OfType<JsonObject>().Where(r => ids.Contains((int)r["id"]!)).ToList();
        Assert.Equal(["rinetd line 2", "rinetd line 3"], saved.Select(r => (string)r["name"]!).Order());
        Assert.Equal(["Imported from rinetd.conf line 2", "Imported from rinetd.conf line 3"], saved.Select(r => (string)r["description"]!).Order());
        Assert.All(saved, r => Assert.True((bool)r["enabled"]!));

        foreach (var port in new[] { first, second })
        {
            await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);
            Assert.Equal("hello through the import", await RoundTripAsync(port, "hello through the import"));
        }
    }

    [Fact]
    public async Task A_line_that_clashes_with_a_saved_rule_refuses_the_whole_import_naming_its_line_and_field()
    {
        var taken = LoopbackPorts.Free();
        var holder = await Api.CreateRuleAsync(PanelApi.Rule("Port holder", taken), Ct);
        var free = LoopbackPorts.Free();
        var before = await RowsAsync();
        var text = $"""
            0.0.0.0 {Port(free)} 192.168.1.20 80
            0.0.0.0 {Port(taken)} 192.168.1.21 80
            """;

        using var preview = await ImportAsync(text, dryRun: true);
        using var response = await ImportAsync(text);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadObjectAsync(Ct);
        var clash = Only(problem["problems"], 2);
        Assert.Equal("externalPort", (string?)clash["field"]);
        Assert.Contains($"\"{holder["name"]}\"", (string?)clash["message"], StringComparison.Ordinal);
        Assert.Equal(Port(taken), ((string?)clash["text"])!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.Contains("1 line", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await RowsAsync());
        Assert.False(await LoopbackPorts.AcceptsAsync(free, Ct), "a refused import must open no port");
        var previewBody = await preview.ReadObjectAsync(Ct);
        Assert.Equal("externalPort", (string?)Only(previewBody["problems"], 2)["field"]);
        Assert.Single(previewBody["rules"]!.AsArray());
    }

    [Fact]
    public async Task An_imported_rule_gets_the_same_field_message_as_the_same_rule_sent_to_the_rules_api()
    {
        // Forwarding to the panel's own port is refused by the validator's context (what the importer alone cannot know).
        var port = LoopbackPorts.Free();
        var direct = PanelApi.Rule("rinetd line 1", port);
        direct["internalHost"] = "127.0.0.1";
        direct["internalPort"] = SharedPanel.PanelPort;
        using var created = await Api.PostJsonAsync("/api/rules", direct, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        var expected = (string)(await created.ReadObjectAsync(Ct))["errors"]!["internalPort"]![0]!;
        var before = await RowsAsync();

        using var response = await ImportAsync($"0.0.0.0 {Port(port)} 127.0.0.1 {Port(SharedPanel.PanelPort)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = Only((await response.ReadObjectAsync(Ct))["problems"], 1);
        Assert.Equal("internalPort", (string?)problem["field"]);
        Assert.Equal($"\"rinetd line 1\": {expected}", (string?)problem["message"]);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task A_line_the_reader_cannot_import_holds_the_whole_import_back()
    {
        var port = LoopbackPorts.Free();
        var before = await RowsAsync();

        using var response = await ImportAsync($"0.0.0.0 {Port(port)} 192.168.1.20 80\nthis is not a forward");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync(Ct);
        var line = Only(problem["problems"], 2);
        Assert.Null(line["field"]);
        Assert.Equal("this is not a forward", (string?)line["text"]);
        Assert.Single(problem["rules"]!.AsArray());
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task A_name_a_saved_rule_has_gets_a_number()
    {
        await Api.CreateRuleAsync(PanelApi.Rule("iptables line 1", LoopbackPorts.Free(), enabled: false), Ct);
        var port = LoopbackPorts.Free();

        using var response = await ImportAsync($"iptables -t nat -A PREROUTING -p tcp --dport {Port(port)} -j DNAT --to-destination 192.168.1.20:80", "iptables", dryRun: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("iptables line 1 (2)", (string?)Only((await response.ReadObjectAsync(Ct))["rules"], 1)["name"]);
    }

    [Fact]
    public async Task An_iptables_import_names_its_rules_and_says_its_problems_in_English_to_a_client_that_asks_for_Spanish()
    {
        var (first, second) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/import?format=iptables&dryRun=true")
        {
            Content = Text($"*nat\n-A PREROUTING -p tcp -m multiport --dports {Port(first)},{Port(second)} -j DNAT --to-destination 192.168.1.20\n"
                + "-A PREROUTING -p tcp --sport 1024 --dport 80 -j DNAT --to-destination 192.168.1.20\nCOMMIT\n"),
        };
        request.Headers.AcceptLanguage.ParseAdd("es-ES");

        using var response = await Api.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync(Ct);
        Assert.Equal([$"iptables line 2 port {Port(first)}", $"iptables line 2 port {Port(second)}"],
            body["rules"]!.AsArray().OfType<JsonObject>().Select(r => (string?)r["name"]));
        Assert.Equal("It matches the client's source port (1024); PortFwd forwards by the port connected to, from any source port.",
            (string?)Only(body["problems"], 3)["message"]);
    }

    [Theory]
    [InlineData("format=haproxy")]
    [InlineData("dryRun=true")]
    public async Task An_unknown_or_missing_format_answers_400_naming_the_format(string query)
    {
        using var response = await Api.PostAsync($"/api/import?{query}", Text("0.0.0.0 8080 192.168.1.20 80"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync(Ct);
        var only = Assert.Single(problem["problems"]!.AsArray())!;
        Assert.Equal("format", (string?)only["field"]);
        Assert.Contains("rinetd, frpc, iptables, nftables", (string?)only["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_without_forwards_answers_400_even_for_a_dry_run()
    {
        using var response = await ImportAsync("# nothing here\nlogfile /var/log/rinetd.log", dryRun: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync(Ct);
        Assert.Contains("no port forwards", (string?)problem["detail"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (int)Assert.Single(problem["problems"]!.AsArray())!["line"]!);
    }

    [Fact]
    public async Task A_body_that_is_not_text_or_too_large_is_refused_with_its_reason()
    {
        using var json = await Api.PostAsync("/api/import?format=rinetd", Text("{}", "application/json"), Ct);
        using var large = await Api.PostAsync("/api/import?format=rinetd", Text(new string('#', (1024 * 1024) + 1)), Ct);
        using var binary = await Api.PostAsync("/api/import?format=rinetd",
            new ByteArrayContent([0xff, 0xfe, 0x00, 0x41]) { Headers = { ContentType = new("text/plain") } }, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Contains("text/plain", (string?)(await json.ReadObjectAsync(Ct))["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("1 MiB", (string?)(await large.ReadObjectAsync(Ct))["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, binary.StatusCode);
        Assert.Contains("UTF-8", (string?)(await binary.ReadObjectAsync(Ct))["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_needs_sign_in()
    {
        var before = await RowsAsync();
        using var anonymous = panel.Factory.AnonymousClient();

        using var response = await ImportAsync($"0.0.0.0 {Port(LoopbackPorts.Free())} 192.168.1.20 80", client: anonymous);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task The_api_document_shows_the_text_body_and_the_format_and_dry_run_parameters()
    {
        using var response = await Api.GetAsync("/openapi/v1.json", Ct);
        var call = (await response.ReadObjectAsync(Ct))["paths"]!["/api/import"]!["post"]!;

        Assert.Equal("string", (string?)call["requestBody"]!["content"]!["text/plain"]!["schema"]!["type"]);
        Assert.Equal(["format", "dryRun"], call["parameters"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.Equal(["200", "201", "400", "401", "403", "413", "415"], call["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    private static async Task<string> RoundTripAsync(int port, string message)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Ct);
        var sent = Encoding.UTF8.GetBytes(message);
        await client.SendAsync(sent, SocketFlags.None, Ct);
        var received = new byte[sent.Length];
        var total = 0;
        while (total < received.Length)
        {
            var read = await client.ReceiveAsync(received.AsMemory(total), SocketFlags.None, Ct);
            Assert.True(read > 0, "the relay ended the connection before the echo came back");
            total += read;
        }

        return Encoding.UTF8.GetString(received);
    }
}
