using System.Net;

namespace PortFwd.Web.DynamicDns;

/// <summary>Sends one request to a provider and turns network failures and timeouts into answers to retry.</summary>
internal static class DdnsHttp
{
    /// <summary>A provider's answer is a word or a small JSON document; more than this is not one.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    public static async Task<DdnsAnswer> SendAsync(HttpClient client, HttpRequestMessage message, string provider,
        Func<HttpStatusCode, string, DdnsAnswer> read, CancellationToken ct)
    {
        try
        {
            using var response = await client.SendAsync(message, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return read(response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            // The message names the host, never the URL's query (where a DuckDNS token travels).
            return DdnsAnswer.Unreachable(provider, e.HttpRequestError == HttpRequestError.Unknown ? "network error" : e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return DdnsAnswer.TimedOut(provider);
        }
    }
}
