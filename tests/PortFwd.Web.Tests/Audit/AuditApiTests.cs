using System.Net;
using System.Text.Json.Nodes;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Certificates;

namespace PortFwd.Web.Tests.Audit;

/// <summary>The audit log through the real app and its SQLite file: an entry for each change made through the API, with who, from where and what.</summary>
public sealed class AuditApiTests(SharedAuditPanel panel) : IClassFixture<SharedAuditPanel>
{
    private const string Admin = PanelFactory.AdminUser;
    private const string From = "192.0.2.10";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    private async Task<JsonObject> SendAsync(HttpMethod method, string url, JsonNode? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : PanelApi.Json(body.ToJsonString()) };
        using var response = await Api.SendAsync(request, Ct);
        Assert.Equal(expected, response.StatusCode);
        return response.Content.Headers.ContentLength == 0 ? [] : await response.ReadObjectAsync(Ct);
    }

    [Fact]
    public async Task Adding_changing_and_deleting_a_rule_are_recorded_as_the_token_user_from_the_client_address_with_before_and_after()
    {
        var created = await Api.CreateRuleAsync(PanelApi.Rule("Minecraft", LoopbackPorts.Free()), Ct);
        var id = (int)created["id"]!;
        var changed = PanelApi.Rule("Minecraft Java", (int)created["externalPort"]!);
        await SendAsync(HttpMethod.Put, $"/api/rules/{id}", changed);
        await SendAsync(HttpMethod.Delete, $"/api/rules/{id}", expected: HttpStatusCode.NoContent);

        var create = await Api.NewestAsync("rule.create");
        var update = await Api.NewestAsync("rule.update");
        var delete = await Api.NewestAsync("rule.delete");

        Assert.Equal((Admin, "token", From, "rule.create", $"rule {id} \"Minecraft\""), AuditPanel.Summary(create));
        Assert.Null(create["before"]);
        Assert.Equal("Minecraft", (string?)create["after"]!["name"]);
        Assert.Equal((Admin, "token", From, "rule.update", $"rule {id} \"Minecraft Java\""), AuditPanel.Summary(update));
        Assert.Equal(("Minecraft", "Minecraft Java"), ((string?)update["before"]!["name"], (string?)update["after"]!["name"]));
        Assert.Equal(("192.168.1.20", 80), ((string?)update["after"]!["internalHost"], (int)update["after"]!["internalPort"]!));
        Assert.Equal((Admin, "token", From, "rule.delete", $"rule {id} \"Minecraft Java\""), AuditPanel.Summary(delete));
        Assert.Equal("Minecraft Java", (string?)delete["before"]!["name"]);
        Assert.Null(delete["after"]);
        Assert.True(DateTimeOffset.UtcNow - delete["at"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_change_made_with_a_token_names_the_token_and_never_its_secret()
    {
        using var anonymous = panel.Factory.AnonymousClient();
        using var issued = await anonymous.PostJsonAsync("/api/tokens", new JsonObject
        {
            ["name"] = "backup script", ["username"] = Admin, ["password"] = PanelFactory.AdminPassword,
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var secret = (string)(await issued.ReadObjectAsync(Ct))["token"]!;
        using var script = panel.Factory.BearerClient(secret);

        using var blocked = await script.PostJsonAsync("/api/blocklist", new JsonObject { ["address"] = "198.51.100.77" }, Ct);
        Assert.Equal(HttpStatusCode.Created, blocked.StatusCode);

        var entry = await Api.NewestAsync("blocklist.add");
        Assert.Equal((Admin, "token", "backup script"), ((string)entry["actor"]!, (string)entry["via"]!, (string?)entry["token"]));
        Assert.DoesNotContain(secret, entry.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_rule_invalid_or_taking_a_used_port_writes_no_entry()
    {
        var port = LoopbackPorts.Free();
        await Api.CreateRuleAsync(PanelApi.Rule("Taken", port), Ct);
        var before = await Api.AuditAsync("action=rule&limit=1000");

        var invalid = PanelApi.Rule("Bad", LoopbackPorts.Free());
        invalid["internalPort"] = 70000;
        await SendAsync(HttpMethod.Post, "/api/rules", invalid, HttpStatusCode.BadRequest);
        await SendAsync(HttpMethod.Post, "/api/rules", PanelApi.Rule("Clash", port), HttpStatusCode.Conflict);

        var after = await Api.AuditAsync("action=rule&limit=1000");
        Assert.Equal(before.Count, after.Count);
        Assert.DoesNotContain(after, e => ((string?)e!["target"])!.Contains("Clash", StringComparison.Ordinal) || ((string?)e!["target"])!.Contains("Bad", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dynamic_DNS_changes_are_recorded_and_their_password_never_appears_only_that_it_is_set_or_changed()
    {
        const string First = "first-Secret-9431";
        const string Second = "second-Secret-2277";
        var name = new JsonObject
        {
            ["provider"] = "noip", ["hostname"] = "audit.ddns.net", ["username"] = "me@example.net", ["password"] = First,
            ["server"] = "http://127.0.0.1:9/nic/update", ["enabled"] = false,
        };
        var created = await SendAsync(HttpMethod.Post, "/api/ddns", name, HttpStatusCode.Created);
        var id = (int)created["id"]!;
        name["password"] = Second;
        await SendAsync(HttpMethod.Put, $"/api/ddns/{id}", name);
        name.Remove("password");
        name["username"] = "you@example.net";
        await SendAsync(HttpMethod.Put, $"/api/ddns/{id}", name);
        await SendAsync(HttpMethod.Delete, $"/api/ddns/{id}", expected: HttpStatusCode.NoContent);

        using var response = await Api.GetAsync("/api/audit?action=ddns&limit=1000", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(First, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Second, body, StringComparison.Ordinal);
        var entries = JsonNode.Parse(body)!.AsArray().Where(e => (string?)e!["target"] == $"ddns {id} \"audit.ddns.net\"").ToList();
        Assert.Equal(["ddns.delete", "ddns.update", "ddns.update", "ddns.create"], entries.Select(e => (string?)e!["action"]));
        Assert.Equal("••••", (string?)entries[3]!["after"]!["password"]);
        Assert.Equal(("••••", "(changed)"), ((string?)entries[2]!["before"]!["password"], (string?)entries[2]!["after"]!["password"]));
        Assert.Equal(("••••", "me@example.net", "you@example.net"),
            ((string?)entries[1]!["after"]!["password"], (string?)entries[1]!["before"]!["username"], (string?)entries[1]!["after"]!["username"]));
        Assert.All(entries, e => Assert.Equal((Admin, From), ((string?)e!["actor"], (string?)e["clientAddress"])));
    }

    [Fact]
    public async Task Blocking_and_unblocking_an_address_are_recorded_with_the_entry()
    {
        var added = await SendAsync(HttpMethod.Post, "/api/blocklist", new JsonObject { ["address"] = "203.0.113.77", ["note"] = "scanner" }, HttpStatusCode.Created);
        await SendAsync(HttpMethod.Delete, $"/api/blocklist/{added["id"]}", expected: HttpStatusCode.NoContent);

        var add = await Api.NewestAsync("blocklist.add");
        var remove = await Api.NewestAsync("blocklist.remove");
        Assert.Equal((Admin, "token", From, "blocklist.add", $"blocklist {added["id"]} \"203.0.113.77\""), AuditPanel.Summary(add));
        Assert.Equal("scanner", (string?)add["after"]!["note"]);
        Assert.Equal("blocklist.remove", (string?)remove["action"]);
        Assert.Equal("203.0.113.77", (string?)remove["before"]!["address"]);
    }

    [Fact]
    public async Task Uploading_and_deleting_a_certificate_are_recorded_and_its_private_key_never_appears()
    {
        using var leaf = TestCertificates.Server(["audit.test"]);
        var key = TestCertificates.KeyPem(leaf);
        var uploaded = await SendAsync(HttpMethod.Post, "/api/certificates", new JsonObject { ["pem"] = TestCertificates.Pem(leaf) }, HttpStatusCode.Created);
        await SendAsync(HttpMethod.Delete, $"/api/certificates/{uploaded["id"]}", expected: HttpStatusCode.NoContent);

        using var response = await Api.GetAsync("/api/audit?action=certificate", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var keyBody = key.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.DoesNotContain(keyBody, body, StringComparison.Ordinal);
        var entries = JsonNode.Parse(body)!.AsArray();
        Assert.Equal(["certificate.delete", "certificate.upload"], entries.Take(2).Select(e => (string?)e!["action"]));
        Assert.All(entries.Take(2), e => Assert.Equal($"certificate {uploaded["id"]} \"audit.test\"", (string?)e!["target"]));
        Assert.Equal(("••••", leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)),
            ((string?)entries[1]!["after"]!["privateKey"], (string?)entries[1]!["after"]!["thumbprint"]));
    }

    [Fact]
    public async Task A_settings_change_is_recorded_with_each_changed_value_before_and_after()
    {
        await SendAsync(HttpMethod.Put, "/api/settings", new JsonObject { ["resyncSeconds"] = 45, ["auditRetentionDays"] = 90 });

        var entry = await Api.NewestAsync("settings.change");

        Assert.Equal((Admin, "token", From, "settings.change"), (AuditPanel.Summary(entry).Actor, AuditPanel.Summary(entry).Via, AuditPanel.Summary(entry).Address, AuditPanel.Summary(entry).Action));
        Assert.Equal((30, 45), ((int)entry["before"]!["resyncSeconds"]!, (int)entry["after"]!["resyncSeconds"]!));
        Assert.Equal((180, 90), ((int)entry["before"]!["auditRetentionDays"]!, (int)entry["after"]!["auditRetentionDays"]!));
        Assert.Null(entry["after"]!["routerEnabled"]);
        await SendAsync(HttpMethod.Put, "/api/settings", new JsonObject { ["resyncSeconds"] = null, ["auditRetentionDays"] = null });
    }

    [Fact]
    public async Task A_restore_is_recorded_with_the_configuration_before_and_after()
    {
        var kept = await Api.CreateRuleAsync(PanelApi.Rule("Restored rule", LoopbackPorts.Free()), Ct);
        using var download = await Api.GetAsync("/api/backup", Ct);
        var backup = await download.Content.ReadAsStringAsync(Ct);
        var extra = await Api.CreateRuleAsync(PanelApi.Rule("Gone after restore", LoopbackPorts.Free()), Ct);

        using var restore = await Api.PostAsync("/api/restore", PanelApi.Json(backup), Ct);

        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        var entry = await Api.NewestAsync("backup.restore");
        Assert.Equal((Admin, "token", From, "backup.restore", "configuration"), AuditPanel.Summary(entry));
        Assert.Contains("Gone after restore", entry["before"]!["rules"]!.AsArray().Select(n => (string?)n));
        Assert.DoesNotContain("Gone after restore", entry["after"]!["rules"]!.AsArray().Select(n => (string?)n));
        Assert.Contains((string?)kept["name"], entry["after"]!["rules"]!.AsArray().Select(n => (string?)n));
        Assert.NotNull(extra["id"]);
    }

    [Fact]
    public async Task An_import_is_recorded_with_its_format_and_the_rules_it_added()
    {
        var port = LoopbackPorts.Free();
        using var response = await Api.PostAsync("/api/import?format=rinetd",
            new StringContent($"# game\n0.0.0.0 {port} 192.168.1.30 25565\n", System.Text.Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var entry = await Api.NewestAsync("import");
        Assert.Equal((Admin, "token", From, "import", "1 rules from rinetd"), AuditPanel.Summary(entry));
        var rule = entry["after"]!.AsArray().Single()!;
        Assert.True((int)rule["id"]! > 0);
        Assert.Equal((port, "192.168.1.30"), ((int)rule["rule"]!["externalPort"]!, (string?)rule["rule"]!["internalHost"]));
    }

    [Fact]
    public async Task The_account_made_from_the_configuration_at_first_start_is_recorded_as_made_by_the_system()
    {
        var entry = (await Api.AuditAsync("action=account.create")).Single()!;

        Assert.Equal(("system", "system", null, "account.create", "account \"admin\""), AuditPanel.Summary(entry));
        Assert.Equal("••••", (string?)entry["after"]!["password"]);
        Assert.DoesNotContain(PanelFactory.AdminPassword, entry.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_sign_ins_on_the_form_and_for_a_token_are_recorded_with_the_name_tried_and_the_address_and_never_the_password()
    {
        const string Wrong = "wrong-Passw0rd-8812";
        using (var browser = panel.Factory.BrowserClient())
        {
            browser.DefaultRequestHeaders.Add(AuditPanel.AddressHeader, "198.51.100.23");
            using var form = await browser.SignInAsync("mallory", Wrong, Ct);
            Assert.StartsWith("/login?error=1", form.RedirectTarget(), StringComparison.Ordinal);
        }

        using var anonymous = panel.Factory.AnonymousClient();
        anonymous.DefaultRequestHeaders.Add(AuditPanel.AddressHeader, "2001:db8::23");
        using var token = await anonymous.PostAsync("/api/tokens", PanelApi.Json($"{{\"name\": \"audit\", \"username\": \"admin\", \"password\": \"{Wrong}\"}}"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);

        using var response = await Api.GetAsync("/api/audit?action=signin.failure&limit=2", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(Wrong, body, StringComparison.Ordinal);
        var entries = JsonNode.Parse(body)!.AsArray();
        Assert.Equal(("admin", "token", "2001:db8::23", "signin.failure", "account \"admin\""), AuditPanel.Summary(entries[0]!));
        Assert.Equal(("mallory", "panel", "198.51.100.23", "signin.failure", "account \"mallory\""), AuditPanel.Summary(entries[1]!));
    }

    [Fact]
    public async Task Successful_sign_ins_on_the_form_and_for_a_token_are_recorded_with_the_address()
    {
        using (var browser = panel.Factory.BrowserClient())
        {
            browser.DefaultRequestHeaders.Add(AuditPanel.AddressHeader, "198.51.100.24");
            using var form = await browser.SignInAsync(Admin, PanelFactory.AdminPassword, Ct);
            Assert.Equal("/", form.RedirectTarget());
        }

        Assert.Equal((Admin, "panel", "198.51.100.24", "signin.success"), Who(await Api.NewestAsync("signin.success")));
        await panel.Factory.RequestTokenAsync(Ct);
        Assert.Equal((Admin, "token", From, "signin.success"), Who(await Api.NewestAsync("signin.success")));

        static (string?, string?, string?, string?) Who(JsonObject entry) =>
            ((string?)entry["actor"], (string?)entry["via"], (string?)entry["clientAddress"], (string?)entry["action"]);
    }
}
