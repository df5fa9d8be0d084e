using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortFwd.Core.DynamicDns;
using PortFwd.Core.Rules.Validation;
using static PortFwd.Web.DynamicDns.DdnsUpdateMessages;

namespace PortFwd.Web.DynamicDns;

/// <summary>
/// Cloudflare's API with an API token: finds the zone that holds the name (the longest matching one), then the name's
/// A record (and its AAAA record when the name asks for IPv6); changes only its address (so the proxied flag and TTL the user set stay), creates the record when it is
/// missing, and sends nothing when the record already has the address. 401/403 stop the name; 429 and 5xx are retried.
/// </summary>
public sealed class CloudflareClient(IHttpClientFactory clients) : IDdnsProviderClient
{
    public const string ClientName = "DynamicDns.Cloudflare";

    private const string Provider = "Cloudflare";

    public async Task<DdnsAnswer> UpdateAsync(DdnsRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var api = new Api(clients.CreateClient(ClientName), request.Name.ServerUrl!, request.Token ?? "");
        var host = request.Name.HostName;

        string? zoneId = null;
        var labels = host.Split('.');
        // From the name itself down to its last two labels: the longest zone wins (a delegated sub-zone).
        for (var i = 0; i < labels.Length - 1 && zoneId is null; i++)
        {
            var zones = await api.SendAsync(HttpMethod.Get, $"zones?name={Uri.EscapeDataString(string.Join('.', labels[i..]))}", null, ct);
            if (zones.Answer is { } failed)
            {
                return failed;
            }

            zoneId = (string?)zones.Result?.AsArray().FirstOrDefault()?["id"];
        }

        if (zoneId is null)
        {
            return DdnsAnswer.Stop(NoZone.With(host));
        }

        DdnsAnswer? answer = null;
        foreach (var (type, address) in new[] { ("A", request.Address), ("AAAA", request.Ipv6Address) })
        {
            if (address is null)
            {
                continue;
            }

            var recordAnswer = await UpdateRecordAsync(api, zoneId, host, type, address.ToString(), ct);
            if (!recordAnswer.Status.IsAccepted())
            {
                return recordAnswer;
            }

            answer = answer is null ? recordAnswer
                : DdnsAnswer.Done(changed: answer.Status == DdnsStatus.Good || recordAnswer.Status == DdnsStatus.Good, Joined.With(answer.Said, recordAnswer.Said));
        }

        return answer ?? DdnsAnswer.Stop(NoAddress.With());
    }

    /// <summary>One record of the name (A or AAAA): created when missing, its address changed when different, nothing sent when the same.</summary>
    private static async Task<DdnsAnswer> UpdateRecordAsync(Api api, string zoneId, string host, string type, string address, CancellationToken ct)
    {
        var records = await api.SendAsync(HttpMethod.Get, $"zones/{zoneId}/dns_records?type={type}&name={Uri.EscapeDataString(host)}", null, ct);
        if (records.Answer is { } notListed)
        {
            return notListed;
        }

        if (records.Result?.AsArray().FirstOrDefault() is not { } record)
        {
            var created = await api.SendAsync(HttpMethod.Post, $"zones/{zoneId}/dns_records",
                new JsonObject { ["type"] = type, ["name"] = host, ["content"] = address, ["ttl"] = 1, ["proxied"] = false }, ct);
            return created.Answer ?? DdnsAnswer.Done(changed: true, RecordCreated.With(type, host));
        }

        if ((string?)record["content"] == address)
        {
            return DdnsAnswer.Done(changed: false, RecordAlreadyHad.With(type));
        }

        var patched = await api.SendAsync(HttpMethod.Patch, $"zones/{zoneId}/dns_records/{(string?)record["id"]}", new JsonObject { ["content"] = address }, ct);
        return patched.Answer ?? DdnsAnswer.Done(changed: true, RecordChanged.With(type));
    }

    /// <summary>One call's outcome: the <c>result</c> of a successful call, or the answer that ends the update.</summary>
    private sealed record Reply(JsonNode? Result, DdnsAnswer? Answer);

    private sealed class Api(HttpClient client, Uri baseUrl, string token)
    {
        /// <summary>What a successful call reads as inside; never shown, since the call's <see cref="Reply.Result"/> is used instead.</summary>
        private static readonly DdnsAnswer Answered = DdnsAnswer.Done(changed: false, ValidationMessage.Plain("Cloudflare answered."));

        public async Task<Reply> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken ct)
        {
            using var message = new HttpRequestMessage(method, new Uri(baseUrl, path));
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                message.Content = JsonContent.Create(body);
            }

            JsonNode? result = null;
            var succeeded = false;
            var answer = await DdnsHttp.SendAsync(client, message, Provider, (status, text) =>
            {
                if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    return DdnsAnswer.Stop(TokenRefused.With((int)status));
                }

                if ((int)status == 429 || (int)status >= 500)
                {
                    return DdnsAnswer.FromHttpStatus(Provider, status);
                }

                try
                {
                    var json = JsonNode.Parse(text);
                    if (json?["success"]?.GetValue<bool>() == true)
                    {
                        result = json["result"];
                        succeeded = true;
                        return Answered;
                    }

                    // Cloudflare's own words, as it gave them.
                    var error = json?["errors"]?.AsArray().FirstOrDefault()?["message"]?.GetValue<string>();
                    return DdnsAnswer.Stop(error is null ? ChangeRefusedStatus.With((int)status) : ChangeRefused.With(error));
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException)
                {
                    return DdnsAnswer.Stop(NotCloudflareJson.With((int)status));
                }
            }, ct);
            return succeeded ? new Reply(result, null) : new Reply(null, answer);
        }
    }
}
