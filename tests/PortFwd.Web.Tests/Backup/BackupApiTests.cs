using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Core.DynamicDns;
using PortFwd.Data.DynamicDns;
using PortFwd.Testing;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Connections;

namespace PortFwd.Web.Tests.Backup;

/// <summary><c>/api/backup</c> and <c>/api/restore</c> on the real app and its SQLite file: a round trip into a fresh data folder, all or nothing, secrets only with the passphrase.</summary>
public sealed class BackupApiTests
{
    private const string Passphrase = "correct horse battery";
    private const string NoIpPassword = "pw-SECRET-71";
    private const string DuckToken = "tok-SECRET-72";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A configuration of every kind: a TCP rule to <paramref name="echoPort"/>, a disabled UDP rule, two names with secrets, two blocked networks, two settings.</summary>
    private static async Task<int> ConfigureAsync(HttpClient api, int echoPort)
    {
        var port = LoopbackPorts.Free();
        var tcp = PanelApi.Rule("Echo", port);
        tcp["internalHost"] = "127.0.0.1";
        tcp["internalPort"] = echoPort;
        tcp["allowedSources"] = new JsonArray("127.0.0.0/8");
        await api.CreateRuleAsync(tcp, Ct);
        var udp = PanelApi.Rule("Game", LoopbackPorts.Free(), protocol: "udp", enabled: false);
        udp["schedule"] = new JsonObject { ["days"] = new JsonArray("sat", "sun"), ["from"] = "18:00", ["to"] = "23:30" };
        await api.CreateRuleAsync(udp, Ct);

        // Disabled, so no update is ever sent anywhere.
        await Created(api, "/api/ddns", new JsonObject
        {
            ["provider"] = "noip", ["hostname"] = "home.ddns.net", ["username"] = "me@example.net", ["password"] = NoIpPassword,
            ["server"] = "http://127.0.0.1:9/nic/update", ["enabled"] = false, ["confirmBy"] = "2026-12-30",
        });
        await Created(api, "/api/ddns", new JsonObject { ["provider"] = "duckdns", ["hostname"] = "myname", ["token"] = DuckToken, ["enabled"] = false });
        await Created(api, "/api/blocklist", new JsonObject { ["address"] = "203.0.113.0/24", ["note"] = "scanners" });
        await Created(api, "/api/blocklist", new JsonObject { ["address"] = "2001:db8::7", ["expiresAt"] = DateTimeOffset.UtcNow.AddDays(3).ToString("O") });
        using var settings = await api.PutJsonAsync("/api/settings", new JsonObject { ["trafficHourRetentionDays"] = 30, ["resyncSeconds"] = 10 }, Ct);
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        return port;
    }

    private static async Task Created(HttpClient api, string url, JsonObject body)
    {
        using var response = await api.PostJsonAsync(url, body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Everything a user configured, as the API shows it, without what a restore cannot keep (ids, times, counts, results).</summary>
    private static async Task<string> ConfigurationAsync(HttpClient api)
    {
        static JsonArray Without(JsonNode list, params string[] keys)
        {
            foreach (var item in list.AsArray().OfType<JsonObject>())
            {
                foreach (var key in keys)
                {
                    item.Remove(key);
                }
            }

            return list.AsArray();
        }

        var rules = Without((await GetAsync(api, "/api/rules"))!, "id", "createdAt", "updatedAt");
        var ddns = Without((await GetAsync(api, "/api/ddns"))!, "id", "lastResult", "nextCheckAt");
        var blocklist = Without((await GetAsync(api, "/api/blocklist"))!, "id", "createdAt", "blockedCount");
        var settings = (await GetAsync(api, "/api/settings"))!;
        return new JsonObject { ["rules"] = rules.DeepClone(), ["ddns"] = ddns.DeepClone(), ["blocklist"] = blocklist.DeepClone(), ["settings"] = settings.DeepClone() }.ToJsonString();
    }

    private static async Task<JsonNode?> GetAsync(HttpClient api, string url)
    {
        using var response = await api.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
    }


    private static async Task<(HttpStatusCode Status, JsonObject Body)> RestoreAsync(HttpClient api, string backup, bool dryRun = false, string? passphrase = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, dryRun ? "/api/restore?dryRun=true" : "/api/restore") { Content = PanelApi.Json(backup) };
        if (passphrase is not null)
        {
            request.Headers.Add("X-Backup-Passphrase", passphrase);
        }

        using var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await response.ReadObjectAsync(Ct));
    }

    private static List<string> Changes(JsonObject body) =>
        [.. body["changes"]!.AsArray().Select(c => $"{c!["section"]} {c["change"]} {c["name"]}").Order(StringComparer.Ordinal)];

    private static JsonObject OnlyProblem(JsonObject body)
    {
        var problems = body["problems"]!.AsArray();
        Assert.Single(problems);
        return problems[0]!.AsObject();
    }

    private static async Task<string> SecretAsync(PanelFactory panel, string hostName, Func<DdnsName, string?> secret)
    {
        var name = (await panel.Services.GetRequiredService<DdnsStore>().GetAllAsync(Ct)).Single(n => n.HostName == hostName);
        var stored = secret(name);
        Assert.NotNull(stored);
        return panel.Services.GetRequiredService<IDdnsSecrets>().Unprotect(stored)!;
    }

    [Fact]
    public async Task A_backup_restored_into_a_fresh_data_folder_gives_the_same_configuration_and_forwards_at_once()
    {
        await using var echo = new EchoServer();
        string backup, before;
        int port;
        await using (var first = new PanelFactory())
        {
            using var api = first.BearerClient(await first.RequestTokenAsync(Ct));
            port = await ConfigureAsync(api, echo.Port);
            before = await ConfigurationAsync(api);
            backup = await api.DownloadBackupAsync(Ct, Passphrase);
        }

        // The first panel is gone and its port closed; a new one, with a data folder (and keys) of its own, takes the backup.
        await LoopbackPorts.WaitUntilAsync(port, accepting: false, Ct);
        await using var second = new PanelFactory();
        using var fresh = second.BearerClient(await second.RequestTokenAsync(Ct));

        var preview = await RestoreAsync(fresh, backup, dryRun: true, passphrase: Passphrase);
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.True((bool)preview.Body["dryRun"]!);
        Assert.False((bool)preview.Body["restored"]!);
        Assert.Equal(
            ["blocklist added 2001:db8::7", "blocklist added 203.0.113.0/24", "ddns added home.ddns.net", "ddns added myname.duckdns.org",
                "rules added Echo", "rules added Game", "settings added resyncSeconds", "settings added trafficHourRetentionDays"],
            Changes(preview.Body));
        Assert.Empty(await fresh.ListRulesAsync(Ct));

        var restored = await RestoreAsync(fresh, backup, passphrase: Passphrase);
        Assert.Equal(HttpStatusCode.OK, restored.Status);
        Assert.True((bool)restored.Body["restored"]!);
        Assert.Equal(Changes(preview.Body), Changes(restored.Body));
        Assert.Equal(before, await ConfigurationAsync(fresh));
        Assert.Equal(NoIpPassword, await SecretAsync(second, "home.ddns.net", n => n.ProtectedPassword));
        Assert.Equal(DuckToken, await SecretAsync(second, "myname.duckdns.org", n => n.ProtectedToken));

        // Live: the restored TCP rule listens and carries bytes to the echo service.
        await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Ct);
        await client.SendAsync("restored"u8.ToArray(), SocketFlags.None, Ct);
        var buffer = new byte[64];
        var echoed = 0;
        while (echoed < 8)
        {
            var read = await client.ReceiveAsync(buffer.AsMemory(echoed), SocketFlags.None, Ct);
            Assert.True(read > 0, "the relay ended the connection early");
            echoed += read;
        }

        Assert.Equal("restored", System.Text.Encoding.ASCII.GetString(buffer, 0, echoed));

        // Restoring the same backup again changes nothing.
        var again = await RestoreAsync(fresh, backup, dryRun: true, passphrase: Passphrase);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Empty(Changes(again.Body));
    }

    [Fact]
    public async Task A_dry_run_lists_what_would_change_and_changes_nothing()
    {
        await using var echo = new EchoServer();
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        await ConfigureAsync(api, echo.Port);
        var backup = await api.DownloadBackupAsync(Ct);

        var game = (await api.ListRulesAsync(Ct)).Single(r => (string)r!["name"]! == "Game")!;
        (await api.DeleteAsync($"/api/rules/{game["id"]}", Ct)).Dispose();
        var echoRule = (await api.ListRulesAsync(Ct)).Single(r => (string)r!["name"]! == "Echo")!.AsObject();
        var changed = echoRule.DeepClone().AsObject();
        changed["description"] = "changed since";
        (await api.PutJsonAsync($"/api/rules/{echoRule["id"]}", changed, Ct)).Dispose();
        await api.CreateRuleAsync(PanelApi.Rule("Added since", LoopbackPorts.Free()), Ct);
        await Created(api, "/api/blocklist", new JsonObject { ["address"] = "198.51.100.9" });
        using (var reset = await api.PutJsonAsync("/api/settings", new JsonObject { ["resyncSeconds"] = null, ["routerLeaseSeconds"] = 7200 }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        var rows = await PanelApi.ReadRuleRowsAsync(panel.DatabasePath, Ct);
        var configuration = await ConfigurationAsync(api);

        var preview = await RestoreAsync(api, backup, dryRun: true);

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Equal(
            ["blocklist removed 198.51.100.9", "rules added Game", "rules changed Echo", "rules removed Added since",
                "settings added resyncSeconds", "settings removed routerLeaseSeconds"],
            Changes(preview.Body));
        Assert.Equal(rows, await PanelApi.ReadRuleRowsAsync(panel.DatabasePath, Ct));
        Assert.Equal(configuration, await ConfigurationAsync(api));
    }

    [Fact]
    public async Task A_backup_with_one_invalid_rule_is_refused_whole_naming_the_rule_and_field_with_the_apis_message()
    {
        await using var echo = new EchoServer();
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        await ConfigureAsync(api, echo.Port);
        var document = JsonNode.Parse(await api.DownloadBackupAsync(Ct))!.AsObject();
        (await api.DeleteAsync($"/api/blocklist/{(await GetAsync(api, "/api/blocklist"))![0]!["id"]}", Ct)).Dispose();
        var configuration = await ConfigurationAsync(api);
        var rows = await PanelApi.ReadRuleRowsAsync(panel.DatabasePath, Ct);

        var game = document["rules"]![1]!.AsObject();
        Assert.Equal("Game", (string)game["name"]!);
        game["internalPort"] = 70000;
        using var typed = await api.PostJsonAsync("/api/rules", game, Ct);
        var message = (string)(await typed.ReadObjectAsync(Ct))["errors"]!["internalPort"]![0]!;

        foreach (var dryRun in new[] { true, false })
        {
            var refused = await RestoreAsync(api, document.ToJsonString(), dryRun);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            var problem = OnlyProblem(refused.Body);
            Assert.Equal(("rules", 1, "Game", "internalPort", message),
                ((string)problem["section"]!, (int)problem["index"]!, (string)problem["item"]!, (string)problem["field"]!, (string)problem["message"]!));
        }

        // Two enabled rules on one port: the later one is named, with the conflict's words.
        game["internalPort"] = 80;
        game["protocol"] = "tcp";
        game["enabled"] = true;
        game["externalPort"] = document["rules"]![0]!["externalPort"]!.DeepClone();
        var conflict = await RestoreAsync(api, document.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, conflict.Status);
        Assert.Equal(("Game", "externalPort"), ((string)OnlyProblem(conflict.Body)["item"]!, (string)OnlyProblem(conflict.Body)["field"]!));
        Assert.Contains("Echo", (string)OnlyProblem(conflict.Body)["message"]!, StringComparison.Ordinal);

        Assert.Equal(rows, await PanelApi.ReadRuleRowsAsync(panel.DatabasePath, Ct));
        Assert.Equal(configuration, await ConfigurationAsync(api));
    }

    [Fact]
    public async Task Not_a_backup_or_another_version_answers_400_naming_the_field()
    {
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        await api.CreateRuleAsync(PanelApi.Rule("Kept", LoopbackPorts.Free()), Ct);
        var document = JsonNode.Parse(await api.DownloadBackupAsync(Ct))!.AsObject();

        var wrongFormat = document.DeepClone().AsObject();
        wrongFormat["format"] = "rinetd";
        var nextVersion = document.DeepClone().AsObject();
        nextVersion["version"] = 2;
        var textVersion = document.DeepClone().AsObject();
        textVersion["version"] = "1";
        var noRules = document.DeepClone().AsObject();
        noRules.Remove("rules");
        var wrongType = document.DeepClone().AsObject();
        wrongType["rules"]![0]!["externalPort"] = "eighty";
        foreach (var (body, field) in new[]
        {
            (wrongFormat.ToJsonString(), "format"), (nextVersion.ToJsonString(), "version"), (textVersion.ToJsonString(), "version"), ("[1, 2]", "format"), ("{\"rules\": ", "format"),
            (noRules.ToJsonString(), "rules"), (wrongType.ToJsonString(), "rules[0].externalPort"),
        })
        {
            var refused = await RestoreAsync(api, body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal(("document", field), ((string)OnlyProblem(refused.Body)["section"]!, (string)OnlyProblem(refused.Body)["field"]!));
        }

        Assert.Contains("version 2; this panel reads version 1", (string)OnlyProblem((await RestoreAsync(api, nextVersion.ToJsonString())).Body)["message"]!, StringComparison.Ordinal);
        Assert.Equal("Kept", (string)(await api.ListRulesAsync(Ct)).Single()!["name"]!);
    }

    [Fact]
    public async Task Secrets_come_back_only_with_the_right_passphrase_and_a_wrong_one_changes_nothing()
    {
        await using var echo = new EchoServer();
        string withSecrets, withoutSecrets;
        await using (var first = new PanelFactory())
        {
            using var api = first.BearerClient(await first.RequestTokenAsync(Ct));
            await ConfigureAsync(api, echo.Port);
            withSecrets = await api.DownloadBackupAsync(Ct, Passphrase);
            withoutSecrets = await api.DownloadBackupAsync(Ct);
            using var weak = await api.PostJsonAsync("/api/backup", new JsonObject { ["passphrase"] = "short" }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.True((await weak.ReadObjectAsync(Ct))["errors"]!.AsObject().ContainsKey("passphrase"));
        }

        // The secrets are never in a backup as they are typed; without a passphrase they are not in it at all.
        foreach (var backup in new[] { withSecrets, withoutSecrets })
        {
            Assert.DoesNotContain(NoIpPassword, backup, StringComparison.Ordinal);
            Assert.DoesNotContain(DuckToken, backup, StringComparison.Ordinal);
        }

        var encryption = JsonNode.Parse(withSecrets)!["encryption"]!;
        Assert.Equal(("AES-256-GCM", "PBKDF2-SHA256", 600_000), ((string)encryption["algorithm"]!, (string)encryption["kdf"]!, (int)encryption["iterations"]!));
        Assert.Null(JsonNode.Parse(withoutSecrets)!["encryption"]);
        Assert.All(JsonNode.Parse(withoutSecrets)!["ddns"]!.AsArray(), n => Assert.Null(n!["encryptedPassword"]));

        await using var second = new PanelFactory();
        using var fresh = second.BearerClient(await second.RequestTokenAsync(Ct));
        await fresh.CreateRuleAsync(PanelApi.Rule("Before", LoopbackPorts.Free()), Ct);
        var rows = await PanelApi.ReadRuleRowsAsync(second.DatabasePath, Ct);
        foreach (var passphrase in new[] { null, "", "wrong horse battery" })
        {
            var refused = await RestoreAsync(fresh, withSecrets, passphrase: passphrase);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal("passphrase", (string)OnlyProblem(refused.Body)["field"]!);
            Assert.Equal(rows, await PanelApi.ReadRuleRowsAsync(second.DatabasePath, Ct));
            Assert.Empty((await GetAsync(fresh, "/api/ddns"))!.AsArray());
        }

        // Without secrets, a name that has none stored here cannot be restored: each is named.
        var missing = await RestoreAsync(fresh, withoutSecrets);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(["home.ddns.net password", "myname.duckdns.org token"],
            missing.Body["problems"]!.AsArray().Select(p => $"{p!["item"]} {p["field"]}").Order(StringComparer.Ordinal));
        Assert.Equal(rows, await PanelApi.ReadRuleRowsAsync(second.DatabasePath, Ct));

        var restored = await RestoreAsync(fresh, withSecrets, passphrase: Passphrase);
        Assert.Equal(HttpStatusCode.OK, restored.Status);
        Assert.Equal(NoIpPassword, await SecretAsync(second, "home.ddns.net", n => n.ProtectedPassword));

        // Now that they are stored here, a backup without secrets keeps them.
        var kept = await RestoreAsync(fresh, withoutSecrets);
        Assert.Equal(HttpStatusCode.OK, kept.Status);
        Assert.Equal(NoIpPassword, await SecretAsync(second, "home.ddns.net", n => n.ProtectedPassword));
        Assert.Equal(DuckToken, await SecretAsync(second, "myname.duckdns.org", n => n.ProtectedToken));
    }

    [Fact]
    public async Task Backup_and_restore_need_a_signed_in_user()
    {
        await using var panel = new PanelFactory();
        using var anonymous = panel.AnonymousClient();
        using var get = await anonymous.GetAsync("/api/backup", Ct);
        using var post = await anonymous.PostJsonAsync("/api/backup", new JsonObject { ["passphrase"] = Passphrase }, Ct);
        using var restore = await anonymous.PostAsync("/api/restore?dryRun=true", PanelApi.Json("{\"format\": \"portfwd-backup\", \"version\": 1}"), Ct);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { get.StatusCode, post.StatusCode, restore.StatusCode });
    }
}
