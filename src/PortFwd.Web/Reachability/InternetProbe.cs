using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Reachability;

/// <summary>What the outside probe answered: the address it saw the request come from, and whether it could connect back.</summary>
public sealed record ProbeAnswer(IPAddress? SeenAddress, int Port, bool Reachable, Uri Url, DateTimeOffset At);

/// <summary>Why the probe gave no answer.</summary>
public sealed record ProbeError(string Message)
{
    /// <summary>The same as <see cref="Message"/>, with its code and values, for the panel's languages.</summary>
    public ValidationMessage? Said { get; init; }
}

/// <summary>The probe's answer, or why there is none.</summary>
public sealed class ProbeResult
{
    private ProbeResult(ProbeAnswer? value, ProbeError? error)
    {
        Value = value;
        Error = error;
    }

    public ProbeAnswer? Value { get; }

    public ProbeError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static ProbeResult Ok(ProbeAnswer answer) => new(answer, null);

    public static ProbeResult Fail(string message) => new(null, new ProbeError(message));

    public static ProbeResult Fail(ValidationMessage message) => new(null, new ProbeError(message.Text) { Said = message });
}

/// <summary>
/// Asks the echoip service of <c>PortFwd:Reachability:ProbeUrl</c> to connect back to this network on a port. A rule's
/// answer is reused for <c>ProbeIntervalSeconds</c>, so neither a user nor a script can make the panel hammer the service.
/// </summary>
public sealed class InternetProbe(IHttpClientFactory clients, IOptionsMonitor<ReachabilityOptions> options, TimeProvider time)
{
    /// <summary>The named <see cref="HttpClient"/> (timeout, size limit and User-Agent are set where it is registered).</summary>
    public const string ClientName = "ReachabilityProbe";

    /// <summary>An answer is a few dozen bytes; anything larger is not a probe answer.</summary>
    public const int MaxAnswerBytes = 4096;

    private readonly ConcurrentDictionary<(int RuleId, int Port), (ProbeResult Result, DateTimeOffset AskedAt)> _last = new();

    /// <summary>True when a probe URL is set.</summary>
    public bool IsEnabled => options.CurrentValue.ParsedProbeUrl is not null;

    /// <summary>The probe's answer for the rule's port: the last one when it is recent enough, else a new one.</summary>
    public async Task<ProbeResult> AskAsync(int ruleId, int port, CancellationToken ct)
    {
        if (options.CurrentValue.ParsedProbeUrl is not { } template)
        {
            return ProbeResult.Fail(ReachabilityMessages.ProbeIsOff.With());
        }

        var now = time.GetUtcNow();
        // A failed ask counts too: the service is asked at most once per interval per rule, whatever it answered.
        if (_last.TryGetValue((ruleId, port), out var last) && now - last.AskedAt < TimeSpan.FromSeconds(options.CurrentValue.ProbeIntervalSeconds))
        {
            return last.Result;
        }

        var url = ReachabilityOptions.ProbeUrlFor(template, port);
        var result = await AskAsync(url, port, ct);
        _last[(ruleId, port)] = (result, now);
        return result;
    }

    /// <summary>A rule that is gone needs no remembered answer.</summary>
    public void Forget(int ruleId)
    {
        foreach (var key in _last.Keys.Where(k => k.RuleId == ruleId))
        {
            _last.TryRemove(key, out _);
        }
    }

    private async Task<ProbeResult> AskAsync(Uri url, int port, CancellationToken ct)
    {
        string body;
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(url, ct);
            if (!response.IsSuccessStatusCode)
            {
                return ProbeResult.Fail(ReachabilityMessages.ProbeHttpStatus.With(url.Host, (int)response.StatusCode, response.ReasonPhrase ?? ""));
            }

            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException e)
        {
            return ProbeResult.Fail(ReachabilityMessages.ProbeUnreachable.With(url.Host, e.Message.TrimEnd('.')));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeResult.Fail(ReachabilityMessages.ProbeTimedOut.With(url.Host));
        }

        return Read(body, url, port, time.GetUtcNow());
    }

    /// <summary>Reads an echoip port answer: <c>{"ip": "…", "port": N, "reachable": true|false}</c>.</summary>
    public static ProbeResult Read(string body, Uri url, int port, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("reachable", out var reachable)
                || reachable.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return ProbeResult.Fail(ReachabilityMessages.ProbeNotEchoip.With(url.Host));
            }

            if (root.TryGetProperty("port", out var answeredPort) && answeredPort.ValueKind == JsonValueKind.Number
                && answeredPort.TryGetInt32(out var p) && p != port)
            {
                return ProbeResult.Fail(ReachabilityMessages.ProbeOtherPort.With(url.Host, p, port));
            }

            IPAddress? seen = null;
            if (root.TryGetProperty("ip", out var ip) && ip.ValueKind == JsonValueKind.String
                && SettingValues.TryParseAddress(ip.GetString()!.Trim(), out var parsed))
            {
                seen = parsed;
            }

            return ProbeResult.Ok(new ProbeAnswer(seen, port, reachable.GetBoolean(), url, at));
        }
        catch (JsonException)
        {
            return ProbeResult.Fail(ReachabilityMessages.ProbeNotJson.With(url.Host));
        }
    }
}
