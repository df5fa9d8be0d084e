using System.Net;
using System.Text.Json.Nodes;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Certificates;

/// <summary>HTTP rule bodies with HTTPS fields, and waiting for what the reconciler applied.</summary>
internal static class HttpsRules
{
    public static JsonObject Rule(string name, int port, int backendPort, string tls = "off", string[]? hostNames = null,
        bool redirect = false, int? httpPort = null, bool hsts = false, int? certificateId = null)
    {
        var rule = PanelApi.Rule(name, port, "http");
        rule["internalHost"] = "127.0.0.1";
        rule["internalPort"] = backendPort;
        rule["hostNames"] = new JsonArray([.. (hostNames ?? []).Select(h => JsonValue.Create(h))]);
        rule["tls"] = tls;
        rule["redirectHttp"] = redirect;
        rule["httpPort"] = httpPort;
        rule["hsts"] = hsts;
        rule["certificateId"] = certificateId;
        return rule;
    }

    /// <summary>The rule's status once it satisfies <paramref name="done"/> (or after <paramref name="limit"/>, 15 s unless given, for the assertion to show).</summary>
    public static async Task<JsonObject> WaitForStatusAsync(this HttpClient api, JsonNode rule, Func<JsonObject, bool> done, CancellationToken ct, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            using var response = await api.GetAsync($"/api/rules/{rule["id"]}/status", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var status = await response.ReadObjectAsync(ct);
            if (done(status) || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(50, ct);
        }
    }

    public static Task<JsonObject> WaitUntilActiveAsync(this HttpClient api, JsonNode rule, CancellationToken ct) =>
        api.WaitForStatusAsync(rule, s => (string?)s["state"] == "active", ct);
}
