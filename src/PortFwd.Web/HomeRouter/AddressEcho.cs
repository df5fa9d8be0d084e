using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.HomeRouter;

/// <summary>Why no echo service gave the public address, in plain words.</summary>
public sealed record EchoError(string Message);

/// <summary>The outcome of asking the echo services: an answer, or why there is none.</summary>
public sealed class EchoResult
{
    private EchoResult(EchoAnswer? value, EchoError? error)
    {
        Value = value;
        Error = error;
    }

    public EchoAnswer? Value { get; }

    public EchoError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static EchoResult Ok(EchoAnswer answer) => new(answer, null);

    public static EchoResult Fail(string message) => new(null, new EchoError(message));
}

/// <summary>
/// Asks the "what is my IP" services of <c>PortFwd:PublicAddress:EchoUrls</c>, in order, for the IPv4 address the
/// internet sees this network at. It takes the echoip format: the address as plain text, or JSON <c>{"ip": "…"}</c>.
/// Only <see cref="PublicAddressChecker"/> calls it, and only when something needs the address and the router cannot give it.
/// </summary>
public sealed class AddressEcho(IHttpClientFactory clients, IOptionsMonitor<PublicAddressOptions> options, TimeProvider time)
{
    /// <summary>The named <see cref="HttpClient"/> (timeout, size limit and User-Agent are set where it is registered).</summary>
    public const string ClientName = "PublicAddressEcho";

    /// <summary>An address is a few dozen bytes; anything larger is not an echo answer.</summary>
    public const int MaxAnswerBytes = 4096;

    public async Task<EchoResult> AskAsync(CancellationToken ct)
    {
        var urls = options.CurrentValue.ParsedEchoUrls;
        if (urls.Count == 0)
        {
            return EchoResult.Fail("No echo service is set (PortFwd:PublicAddress:EchoUrls is empty), so the public address is asked only of the router.");
        }

        var problems = new List<string>();
        var client = clients.CreateClient(ClientName);
        foreach (var url in urls)
        {
            var asked = await AskOneAsync(client, url, ct);
            if (asked.IsSuccess)
            {
                return asked;
            }

            problems.Add(asked.Error.Message);
        }

        return EchoResult.Fail(string.Join(" ", problems));
    }

    private async Task<EchoResult> AskOneAsync(HttpClient client, Uri url, CancellationToken ct)
    {
        string body;
        try
        {
            using var response = await client.GetAsync(url, ct);
            if (!response.IsSuccessStatusCode)
            {
                return EchoResult.Fail($"{url.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException e)
        {
            return EchoResult.Fail($"{url.Host} could not be reached ({e.Message}).");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return EchoResult.Fail($"{url.Host} did not answer in time.");
        }

        return TryReadAddress(body, out var address)
            ? EchoResult.Ok(new EchoAnswer(address, url, time.GetUtcNow()))
            : EchoResult.Fail($"{url.Host} did not answer with an IPv4 address.");
    }

    /// <summary>Reads the address out of an echoip answer: plain text, or JSON with an <c>ip</c> field.</summary>
    public static bool TryReadAddress(string body, [NotNullWhen(true)] out IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(body);
        address = null;
        var text = body.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                if (json.RootElement.ValueKind != JsonValueKind.Object
                    || !json.RootElement.TryGetProperty("ip", out var ip) || ip.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                text = ip.GetString()!.Trim();
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return SettingValues.TryParseAddress(text, out address) && address.AddressFamily == AddressFamily.InterNetwork;
    }
}
