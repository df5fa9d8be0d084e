using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Fakes;

namespace PortFwd.Web.Tests.Certificates;

/// <summary><c>/api/certificates</c> and rules with tls uploaded: uploads checked field by field, served by SNI, replaced live, never showing the key.</summary>
public sealed class CertificateApiTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private const string Password = "pfx-Passw0rd";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    private async Task<JsonObject> UploadAsync(JsonObject body)
    {
        using var response = await Api.PostJsonAsync("/api/certificates", body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync(Ct);
    }

    private async Task<JsonObject> RefusedUploadAsync(JsonObject body)
    {
        using var response = await Api.PostJsonAsync("/api/certificates", body, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
    }

    private static Task<LocalHttpServer> BackendAsync() => LocalHttpServer.StartAsync(context => context.Response.WriteAsync("uploaded"));

    [Fact]
    public async Task An_uploaded_pem_with_its_chain_is_served_with_the_chain_by_a_rule()
    {
        using var root = TestCertificates.Authority("PortFwd Test Root");
        using var authority = TestCertificates.Authority("PortFwd Test Intermediate", root);
        using var leaf = TestCertificates.Server(["shop.test", "www.shop.test"], authority);
        var uploaded = await UploadAsync(new JsonObject { ["pem"] = TestCertificates.Pem(leaf, authority, root) });
        Assert.Equal("uploaded", (string?)uploaded["source"]);
        Assert.Equal(["shop.test", "www.shop.test"], uploaded["names"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(authority.Subject, (string?)uploaded["issuer"]);
        await using var backend = await BackendAsync();
        var port = LoopbackPorts.Free();

        var rule = await Api.CreateRuleAsync(HttpsRules.Rule("Shop", port, backend.BaseUrl.Port, "uploaded", ["shop.test"], certificateId: (int)uploaded["id"]!), Ct);
        await Api.WaitUntilActiveAsync(rule, Ct);

        var served = await TlsClient.WaitForAsync(port, "shop.test", c => c is not null, Ct);
        Assert.Equal(leaf.Thumbprint, served?.Thumbprint);
        Assert.Contains(authority.Thumbprint, await ChainSentAsync(port, "shop.test"));
        using var client = new TlsClient(port);
        using var answer = await client.GetAsync($"https://shop.test:{port}/", HttpVersion.Version20, Ct);
        Assert.Equal("uploaded", await answer.Content.ReadAsStringAsync(Ct));

        using var list = await Api.GetAsync("/api/certificates", Ct);
        var listed = (await list.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Single(c => (int)c!["id"]! == (int)uploaded["id"]!)!;
        Assert.Equal([(int)rule["id"]!], listed["ruleIds"]!.AsArray().Select(id => (int)id!));
    }

    [Fact]
    public async Task An_uploaded_pfx_with_its_password_is_served_by_a_rule()
    {
        using var leaf = TestCertificates.Server(["pfx.test"], rsa: true);
        var uploaded = await UploadAsync(new JsonObject { ["pfx"] = TestCertificates.PfxBase64(leaf, Password), ["password"] = Password });
        await using var backend = await BackendAsync();
        var port = LoopbackPorts.Free();

        var rule = await Api.CreateRuleAsync(HttpsRules.Rule("Pfx", port, backend.BaseUrl.Port, "uploaded", ["pfx.test"], certificateId: (int)uploaded["id"]!), Ct);
        await Api.WaitUntilActiveAsync(rule, Ct);

        Assert.Equal(leaf.Thumbprint, (await TlsClient.WaitForAsync(port, "pfx.test", c => c is not null, Ct))?.Thumbprint);
    }

    public static TheoryData<string, string> BadUploads => new()
    {
        { "nothing", "pem" },
        { "both", "pfx" },
        { "no certificate", "pem" },
        { "no key", "pem" },
        { "key of another certificate", "pem" },
        { "expired", "pem" },
        { "not yet valid", "pem" },
        { "client certificate", "pem" },
        { "pfx not base64", "pfx" },
        { "pfx wrong password", "password" },
        { "pfx without password", "password" },
        { "names do not cover the rule", "ruleId" },
        { "unknown rule", "ruleId" },
        { "rule id in quotes", "ruleId" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task A_bad_upload_is_refused_with_a_field_error_and_nothing_is_stored(string mistake, string field)
    {
        using var good = TestCertificates.Server(["good.test"]);
        using var other = TestCertificates.Server(["good.test"]);
        var rule = await Api.CreateRuleAsync(HttpsRules.Rule("Cover " + mistake, LoopbackPorts.Free(), 9, hostNames: ["other.test"]), Ct);
        var body = mistake switch
        {
            "nothing" => new JsonObject(),
            "both" => new JsonObject { ["pem"] = TestCertificates.Pem(good), ["pfx"] = TestCertificates.PfxBase64(good, Password) },
            "no certificate" => new JsonObject { ["pem"] = TestCertificates.KeyPem(good) },
            "no key" => new JsonObject { ["pem"] = good.ExportCertificatePem() },
            "key of another certificate" => new JsonObject { ["pem"] = good.ExportCertificatePem() + "\n" + TestCertificates.KeyPem(other) },
            "expired" => Pem(TestCertificates.Server(["good.test"], notBefore: DateTimeOffset.UtcNow.AddDays(-100), notAfter: DateTimeOffset.UtcNow.AddDays(-10))),
            "not yet valid" => Pem(TestCertificates.Server(["good.test"], notBefore: DateTimeOffset.UtcNow.AddDays(10), notAfter: DateTimeOffset.UtcNow.AddDays(100))),
            "client certificate" => Pem(TestCertificates.Server(["good.test"], usage: "1.3.6.1.5.5.7.3.2")),
            "pfx not base64" => new JsonObject { ["pfx"] = "not base64!", ["password"] = Password },
            "pfx wrong password" => new JsonObject { ["pfx"] = TestCertificates.PfxBase64(good, Password), ["password"] = "wrong" },
            "pfx without password" => new JsonObject { ["pfx"] = TestCertificates.PfxBase64(good, Password) },
            "names do not cover the rule" => new JsonObject { ["pem"] = TestCertificates.Pem(good), ["ruleId"] = (int)rule["id"]! },
            "unknown rule" => new JsonObject { ["pem"] = TestCertificates.Pem(good), ["ruleId"] = 999999 },
            "rule id in quotes" => new JsonObject { ["pem"] = TestCertificates.Pem(good), ["ruleId"] = "1" },
            _ => throw new ArgumentOutOfRangeException(nameof(mistake)),
        };
        var before = await CountAsync();

        var errors = await RefusedUploadAsync(body);

        Assert.Equal([field], errors.Select(e => e.Key));
        Assert.False(string.IsNullOrWhiteSpace((string?)errors[field]![0]));
        Assert.Equal(before, await CountAsync());
    }

    private static JsonObject Pem(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return new JsonObject { ["pem"] = TestCertificates.Pem(certificate) };
        }
    }

    [Fact]
    public async Task The_private_key_is_neither_in_the_api_nor_in_the_database_file_in_clear()
    {
        using var leaf = TestCertificates.Server(["secret.test"]);
        var keyPem = TestCertificates.KeyPem(leaf);
        var keyBody = keyPem.Split('\n')[1];
        var uploaded = await UploadAsync(new JsonObject { ["pem"] = TestCertificates.Pem(leaf) });

        using var list = await Api.GetAsync("/api/certificates", Ct);
        var text = await list.Content.ReadAsStringAsync(Ct);
        Assert.Contains("secret.test", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain(keyBody, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", uploaded.ToJsonString(), StringComparison.Ordinal);

        // The database and its write-ahead log, byte for byte: the certificate is there, its key only as ciphertext.
        var stored = new StringBuilder();
        foreach (var file in Directory.GetFiles(panel.Factory.DataDirectory, "portfwd.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            stored.Append(await reader.ReadToEndAsync(Ct));
        }

        Assert.Contains(leaf.ExportCertificatePem().Split('\n')[1], stored.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", stored.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(keyBody, stored.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_is_deleted_only_once_no_rule_serves_it()
    {
        using var leaf = TestCertificates.Server(["delete.test"]);
        var uploaded = await UploadAsync(new JsonObject { ["pem"] = TestCertificates.Pem(leaf) });
        var rule = await Api.CreateRuleAsync(HttpsRules.Rule("Delete", LoopbackPorts.Free(), 9, "uploaded", ["delete.test"], certificateId: (int)uploaded["id"]!), Ct);

        using var refused = await Api.DeleteAsync($"/api/certificates/{uploaded["id"]}", Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("\"Delete\"", (string?)(await refused.ReadObjectAsync(Ct))["detail"], StringComparison.Ordinal);

        using var ruleGone = await Api.DeleteAsync($"/api/rules/{rule["id"]}", Ct);
        using var deleted = await Api.DeleteAsync($"/api/certificates/{uploaded["id"]}", Ct);
        using var again = await Api.DeleteAsync($"/api/certificates/{uploaded["id"]}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_new_certificate_reaches_the_next_handshake_while_a_connection_opened_before_keeps_working()
    {
        using var oldLeaf = TestCertificates.Server(["swap.test"]);
        using var newLeaf = TestCertificates.Server(["swap.test"]);
        var oldCertificate = await UploadAsync(new JsonObject { ["pem"] = TestCertificates.Pem(oldLeaf) });
        var newCertificate = await UploadAsync(new JsonObject { ["pem"] = TestCertificates.Pem(newLeaf) });
        await using var backend = await BackendAsync();
        var port = LoopbackPorts.Free();
        var body = HttpsRules.Rule("Swap", port, backend.BaseUrl.Port, "uploaded", ["swap.test"], certificateId: (int)oldCertificate["id"]!);
        var rule = await Api.CreateRuleAsync(body, Ct);
        await Api.WaitUntilActiveAsync(rule, Ct);
        await TlsClient.WaitForAsync(port, "swap.test", c => c is not null, Ct);
        using var before = new TlsClient(port);
        using (var first = await before.GetAsync($"https://swap.test:{port}/", HttpVersion.Version11, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        body["certificateId"] = (int)newCertificate["id"]!;
        using var change = await Api.PutJsonAsync($"/api/rules/{rule["id"]}", body, Ct);
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        var next = await TlsClient.WaitForAsync(port, "swap.test", c => c?.Thumbprint == newLeaf.Thumbprint, Ct);
        Assert.Equal(newLeaf.Thumbprint, next?.Thumbprint);
        using var second = await before.GetAsync($"https://swap.test:{port}/after", HttpVersion.Version11, Ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, before.Connections);
        Assert.Equal(oldLeaf.Thumbprint, Assert.Single(before.Served).Thumbprint);
    }

    [Fact]
    public async Task Rule_bodies_carry_the_https_fields_and_their_mistakes_are_field_errors()
    {
        var port = LoopbackPorts.Free();
        var created = await Api.CreateRuleAsync(HttpsRules.Rule("Fields", port, 9, "selfSigned", ["fields.test"], redirect: true, httpPort: LoopbackPorts.Free(), hsts: true), Ct);
        Assert.Equal(("selfSigned", true, true, (int?)null), ((string?)created["tls"], (bool)created["redirectHttp"]!, (bool)created["hsts"]!, (int?)created["certificateId"]));

        var plainTcp = PanelApi.Rule("Tcp tls", LoopbackPorts.Free());
        plainTcp["tls"] = "acme";
        await AssertFieldErrorAsync(plainTcp, "tls");
        await AssertFieldErrorAsync(HttpsRules.Rule("Acme bare", LoopbackPorts.Free(), 9, "acme"), "hostNames");
        await AssertFieldErrorAsync(HttpsRules.Rule("Acme wildcard", LoopbackPorts.Free(), 9, "acme", ["*.example.com"]), "hostNames");
        await AssertFieldErrorAsync(HttpsRules.Rule("Unknown cert", LoopbackPorts.Free(), 9, "uploaded", ["x.test"], certificateId: 999999), "certificateId");
        var samePort = LoopbackPorts.Free();
        await AssertFieldErrorAsync(HttpsRules.Rule("Same port", samePort, 9, "selfSigned", ["x.test"], redirect: true, httpPort: samePort), "httpPort");
        await AssertFieldErrorAsync(HttpsRules.Rule("Redirect plain", LoopbackPorts.Free(), 9, redirect: true), "redirectHttp");

        // Conflicts: plain HTTP on an HTTPS rule's port; a redirect on a TCP rule's port.
        await AssertConflictAsync(HttpsRules.Rule("Plain beside", port, 9, hostNames: ["other.test"]), "externalPort");
        var tcpPort = LoopbackPorts.Free();
        await Api.CreateRuleAsync(PanelApi.Rule("Tcp holder", tcpPort), Ct);
        await AssertConflictAsync(HttpsRules.Rule("Redirect clash", LoopbackPorts.Free(), 9, "selfSigned", ["y.test"], redirect: true, httpPort: tcpPort), "httpPort");
    }

    [Fact]
    public async Task The_api_document_describes_the_certificate_calls_and_the_rule_https_fields()
    {
        using var response = await Api.GetAsync("/openapi/v1.json", Ct);
        var document = await response.ReadObjectAsync(Ct);
        var paths = document["paths"]!.AsObject();
        var schemas = document["components"]!["schemas"]!.AsObject();

        Assert.Equal(["get", "post"], paths["/api/certificates"]!.AsObject().Select(p => p.Key).Order());
        Assert.Contains("409", paths["/api/certificates/{id}"]!["delete"]!["responses"]!.AsObject().Select(r => r.Key));
        Assert.Equal("#/components/schemas/CertificateUpload",
            (string?)paths["/api/certificates"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.Equal(["password", "pem", "pfx", "ruleId"], schemas["CertificateUpload"]!["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.DoesNotContain(schemas["CertificateResponse"]!["properties"]!.AsObject(), p => p.Key.Contains("key", StringComparison.OrdinalIgnoreCase));
        var ruleBody = schemas["RuleDraft"]!["properties"]!.AsObject();
        Assert.All(["tls", "redirectHttp", "httpPort", "hsts", "certificateId"], field => Assert.True(ruleBody.ContainsKey(field), field));
    }

    private async Task AssertFieldErrorAsync(JsonObject body, string field)
    {
        using var response = await Api.PostJsonAsync("/api/rules", body, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ReadObjectAsync(Ct))["errors"]!.AsObject().Select(e => e.Key));
    }

    private async Task AssertConflictAsync(JsonObject body, string field)
    {
        using var response = await Api.PostJsonAsync("/api/rules", body, Ct);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal([field], (await response.ReadObjectAsync(Ct))["errors"]!.AsObject().Select(e => e.Key));
    }

    /// <summary>How many uploaded certificates are stored (self-signed ones come and go with other tests' rules).</summary>
    private async Task<int> CountAsync()
    {
        using var list = await Api.GetAsync("/api/certificates", Ct);
        return (await list.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Count(c => (string?)c!["source"] == "uploaded");
    }

    /// <summary>The certificates the port sends, as the client's chain builder received them (a root is not sent).</summary>
    private static async Task<string[]> ChainSentAsync(int port, string serverName)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, Ct);
        string[] sent = [];
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, chain, _) =>
        {
            sent = [.. chain!.ChainPolicy.ExtraStore.Cast<X509Certificate2>().Select(c => c.Thumbprint)];
            return true;
        });
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = serverName }, Ct);
        return sent;
    }
}
