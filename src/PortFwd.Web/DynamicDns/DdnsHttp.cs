using System.Net;
using PortFwd.Core.Rules.Validation;
using static PortFwd.Web.DynamicDns.DdnsUpdateMessages;

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
            return DdnsAnswer.Unreachable(provider, Why(e.HttpRequestError));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return DdnsAnswer.TimedOut(provider);
        }
    }

    private static ValidationMessage Why(HttpRequestError error) => (error switch
    {
        HttpRequestError.NameResolutionError => NameDoesNotResolve,
        HttpRequestError.ConnectionError => ConnectionFailed,
        HttpRequestError.SecureConnectionError => SecureConnectionFailed,
        HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse => NoValidAnswer,
        HttpRequestError.ConfigurationLimitExceeded => AnswerTooLarge,
        _ => NetworkError,
    }).With();
}
