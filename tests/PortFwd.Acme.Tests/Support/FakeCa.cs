using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace PortFwd.Acme.Tests.Support;

/// <summary>A request the fake CA received, with its JWS protected header decoded.</summary>
public sealed record SeenRequest(HttpMethod Method, Uri Url, JsonElement? ProtectedHeader, string? Payload);

/// <summary>
/// A scripted CA in memory, for what the real Pebble cannot be made to do on demand (badNonce every time, a
/// rate limit, a Retry-After): it serves the directory and nonces itself and hands every signed request to
/// <see cref="Answer"/>. Each answer but the directory's carries a fresh Replay-Nonce (RFC 8555 §7.2).
/// </summary>
public sealed class FakeCa : HttpMessageHandler
{
    public static readonly Uri Directory = new("https://ca.test/dir");
    private int _nonce;

    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    /// <summary>The answer to a signed POST; the request is already in <see cref="Seen"/>.</summary>
    public Func<SeenRequest, HttpResponseMessage> Answer { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.NotFound);

    /// <summary>Whether the directory names a renewalInfo resource (RFC 9773).</summary>
    public bool OffersRenewalInfo { get; init; } = true;

    public IEnumerable<SeenRequest> Posts => Seen.Where(r => r.Method == HttpMethod.Post);

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Problem(HttpStatusCode status, string type, string detail) =>
        Json(status, JsonSerializer.Serialize(new { type = "urn:ietf:params:acme:error:" + type, detail, status = (int)status }), "application/problem+json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        JsonElement? header = null;
        string? payload = null;
        if (request.Content is not null)
        {
            using var body = JsonDocument.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
            header = JsonDocument.Parse(Base64Url.DecodeFromChars(body.RootElement.GetProperty("protected").GetString())).RootElement.Clone();
            payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(body.RootElement.GetProperty("payload").GetString()));
        }

        var seen = new SeenRequest(request.Method, url, header, payload);
        Seen.Enqueue(seen);
        var response = url.AbsolutePath switch
        {
            "/dir" => Json(HttpStatusCode.OK, $$$"""
                {"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/account","newOrder":"https://ca.test/order",
                 {{{(OffersRenewalInfo ? "\"renewalInfo\":\"https://ca.test/renewal-info\"," : "")}}}
                 "meta":{"termsOfService":"https://ca.test/terms"}}
                """),
            "/nonce" => new HttpResponseMessage(HttpStatusCode.OK),
            _ => Answer(seen),
        };
        if (url.AbsolutePath != "/dir")
        {
            response.Headers.Add("Replay-Nonce", "nonce-" + Interlocked.Increment(ref _nonce));
        }

        return response;
    }
}
