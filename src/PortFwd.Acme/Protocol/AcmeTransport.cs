using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace PortFwd.Acme.Protocol;

/// <summary>A CA's answer to a request that succeeded (2xx).</summary>
internal sealed record AcmeResponse(HttpStatusCode Status, Uri? Location, TimeSpan? RetryAfter, byte[] Body);

/// <summary>
/// Talks to one CA: the directory (fetched once), replay nonces (taken from every answer, fetched with HEAD
/// newNonce when none is left), signed requests with their <c>badNonce</c> retries, and the mapping of failures
/// to <see cref="AcmeError"/>s. One job: the wire; what the requests mean is <see cref="AcmeClient"/>'s.
/// </summary>
internal sealed partial class AcmeTransport(
    HttpClient http, Uri directoryUrl, AcmeAccountKey key, AcmeClientOptions options, TimeProvider time, ILogger logger)
{
    private static readonly MediaTypeHeaderValue JoseJson = new("application/jose+json");

    // Nonces are single-use and any unused one is good: the newest first.
    private readonly ConcurrentStack<string> _nonces = new();
    private readonly SemaphoreSlim _directoryGate = new(1, 1);
    private AcmeDirectory? _directory;

    public TimeProvider Time => time;

    /// <summary>The account URL, once known: requests after it are signed with <c>kid</c>.</summary>
    public Uri? AccountUrl { get; set; }

    public async Task<AcmeResult<AcmeDirectory>> GetDirectoryAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _directory) is { } cached)
        {
            return AcmeResult<AcmeDirectory>.Ok(cached);
        }

        await _directoryGate.WaitAsync(ct);
        try
        {
            if (_directory is { } fetched)
            {
                return AcmeResult<AcmeDirectory>.Ok(fetched);
            }

            var answer = await GetAsync(directoryUrl, ct);
            if (!answer.IsSuccess)
            {
                return answer.Error;
            }

            var read = Read<DirectoryWire>(answer.Value.Body, directoryUrl);
            if (!read.IsSuccess)
            {
                return read.Error;
            }

            var wire = read.Value;
            var directory = new AcmeDirectory(wire.NewNonce, wire.NewAccount, wire.NewOrder)
            {
                RevokeCert = wire.RevokeCert,
                RenewalInfo = wire.RenewalInfo,
                TermsOfService = wire.Meta?.TermsOfService,
                ExternalAccountRequired = wire.Meta?.ExternalAccountRequired ?? false,
            };
            LogDirectory(logger, directoryUrl, directory.RenewalInfo is not null);
            Volatile.Write(ref _directory, directory);
            return AcmeResult<AcmeDirectory>.Ok(directory);
        }
        finally
        {
            _directoryGate.Release();
        }
    }

    /// <summary>
    /// A signed POST (a POST-as-GET when <paramref name="payload"/> is null), signed with the account's
    /// <c>kid</c>, or with the <c>jwk</c> itself when <paramref name="withJwk"/> is set (new account).
    /// A <c>badNonce</c> answer is retried with the nonce it carried, at most
    /// <see cref="AcmeClientOptions.BadNonceRetries"/> times; every other failure is returned at once.
    /// </summary>
    public async Task<AcmeResult<AcmeResponse>> PostAsync(Uri url, object? payload, CancellationToken ct, bool withJwk = false, string? accept = null)
    {
        var kid = withJwk ? null : AccountUrl ?? throw new InvalidOperationException("The ACME account is not known yet: create or find it first.");
        var payloadBytes = payload is null ? null : JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), Wire.Options);
        for (var attempt = 0; ; attempt++)
        {
            var nonce = await TakeNonceAsync(ct);
            if (!nonce.IsSuccess)
            {
                return nonce.Error;
            }

            var body = Jws.Sign(key, kid, nonce.Value, url, payloadBytes);
            var sent = await SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = JoseJson;
                if (accept is not null)
                {
                    request.Headers.Accept.ParseAdd(accept);
                }

                return request;
            }, url, ct);
            if (!sent.IsSuccess)
            {
                return sent.Error;
            }

            using var response = sent.Value;
            var answer = await ReadAsync(response, url, ct);
            if (answer.IsSuccess || answer.Error.Problem?.Name != "badNonce")
            {
                return answer;
            }

            if (attempt >= options.BadNonceRetries)
            {
                return Failed(answer.Error, url);
            }

            LogBadNonce(logger, url, attempt + 1, options.BadNonceRetries);
        }
    }

    /// <summary>An unsigned GET (the directory, renewal information) or HEAD (newNonce).</summary>
    public async Task<AcmeResult<AcmeResponse>> GetAsync(Uri url, CancellationToken ct, bool head = false)
    {
        var sent = await SendAsync(() => new HttpRequestMessage(head ? HttpMethod.Head : HttpMethod.Get, url), url, ct);
        if (!sent.IsSuccess)
        {
            return sent.Error;
        }

        using var response = sent.Value;
        return await ReadAsync(response, url, ct);
    }

    private async Task<AcmeResult<string>> TakeNonceAsync(CancellationToken ct)
    {
        if (_nonces.TryPop(out var nonce))
        {
            return AcmeResult<string>.Ok(nonce);
        }

        var directory = await GetDirectoryAsync(ct);
        if (!directory.IsSuccess)
        {
            return directory.Error;
        }

        var newNonce = directory.Value.NewNonce;
        var answer = await GetAsync(newNonce, ct, head: true);
        if (!answer.IsSuccess)
        {
            return answer.Error;
        }

        return _nonces.TryPop(out nonce)
            ? AcmeResult<string>.Ok(nonce)
            : new AcmeError(AcmeErrorKind.InvalidResponse, $"The CA at {newNonce.Authority} gave no Replay-Nonce.");
    }

    /// <summary>Sends, turning a network failure or a timeout into an error; the caller's cancellation stays an exception.</summary>
    private async Task<AcmeResult<HttpResponseMessage>> SendAsync(Func<HttpRequestMessage> request, Uri url, CancellationToken ct)
    {
        using var message = request();
        try
        {
            return AcmeResult<HttpResponseMessage>.Ok(await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(new AcmeError(AcmeErrorKind.Timeout, $"The CA at {url.Authority} did not answer in time.")
            {
                Code = "NoAnswerInTime",
                Arguments = [url.Authority],
            }, url);
        }
        catch (HttpRequestException e)
        {
            // An untrusted certificate has a sentence of its own (the system's words stay a value), so a panel can say it in its language.
            var untrusted = e.InnerException as AuthenticationException;
            var why = untrusted?.Message ?? e.Message;
            return Failed(new AcmeError(AcmeErrorKind.Network, untrusted is null
                ? $"Could not reach the CA at {url.Authority}: {why}"
                : $"Could not reach the CA at {url.Authority}: its TLS certificate is not trusted ({why})")
            {
                Code = untrusted is null ? "Unreachable" : "UntrustedCertificate",
                Arguments = [url.Authority, why],
            }, url);
        }
    }

    /// <summary>Keeps the answer's nonce; a 2xx becomes the response, anything else an error from its problem document.</summary>
    private async Task<AcmeResult<AcmeResponse>> ReadAsync(HttpResponseMessage response, Uri url, CancellationToken ct)
    {
        if (response.Headers.TryGetValues("Replay-Nonce", out var nonces))
        {
            foreach (var nonce in nonces)
            {
                _nonces.Push(nonce);
            }
        }

        var now = time.GetUtcNow();
        var retryAfter = RetryAfter.From(response, now);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            // A relative Location is resolved against the request's URL (RFC 9110 §10.2.2).
            var location = response.Headers.Location is { } at ? at.IsAbsoluteUri ? at : new Uri(url, at) : null;
            return AcmeResult<AcmeResponse>.Ok(new AcmeResponse(response.StatusCode, location, retryAfter, body));
        }

        var status = (int)response.StatusCode;
        var problem = AcmeProblem.Parse(body);
        var error = Errors.FromProblem(problem, status, url) with { RetryAfter = retryAfter is { } wait ? now + wait : null };
        // A badNonce is logged where it is retried or given up on.
        return problem?.Name == "badNonce" ? error : Failed(error, url);
    }

    /// <summary>Reads a JSON answer; a body that is not what RFC 8555 says becomes an error, not an exception.</summary>
    public static AcmeResult<T> Read<T>(byte[] body, Uri url)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Wire.Options) is { } value
                ? AcmeResult<T>.Ok(value)
                : new AcmeError(AcmeErrorKind.InvalidResponse, $"The CA's answer from {url} was empty.");
        }
        catch (JsonException e)
        {
            return new AcmeError(AcmeErrorKind.InvalidResponse, $"The CA's answer from {url} could not be read: {e.Message}");
        }
    }

    private AcmeError Failed(AcmeError error, Uri url)
    {
        LogFailed(logger, url, error.Kind, error.Message);
        return error;
    }

    [LoggerMessage(EventId = EventIds.DirectoryFetched, Level = LogLevel.Debug, Message = "ACME directory {Url} read (renewal information: {HasRenewalInfo})")]
    private static partial void LogDirectory(ILogger logger, Uri url, bool hasRenewalInfo);

    [LoggerMessage(EventId = EventIds.BadNonceRetried, Level = LogLevel.Debug, Message = "ACME {Url}: badNonce, retry {Attempt} of {Limit} with the CA's fresh nonce")]
    private static partial void LogBadNonce(ILogger logger, Uri url, int attempt, int limit);

    [LoggerMessage(EventId = EventIds.RequestFailed, Level = LogLevel.Debug, Message = "ACME {Url} failed ({Kind}): {Reason}")]
    private static partial void LogFailed(ILogger logger, Uri url, AcmeErrorKind kind, string reason);
}
