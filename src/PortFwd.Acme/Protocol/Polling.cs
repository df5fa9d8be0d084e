namespace PortFwd.Acme.Protocol;

/// <summary>Asks the CA about an order or authorization until it has decided, bounded by the poll timeout.</summary>
internal static class Polling
{
    /// <summary>
    /// Fetches until <paramref name="decided"/> holds or a fetch fails, waiting between fetches as long as the
    /// CA's <c>Retry-After</c> says (else the poll interval), on <paramref name="time"/>; a timeout error after
    /// <see cref="AcmeClientOptions.PollTimeout"/>, with its code and its sentence's start (see <see cref="Errors.Timeout"/>).
    /// </summary>
    public static async Task<AcmeResult<T>> UntilDecidedAsync<T>(TimeProvider time, AcmeClientOptions options, string timeoutCode, string what, Uri url,
        Func<CancellationToken, Task<(AcmeResult<T> Result, TimeSpan? RetryAfter)>> fetch, Func<T, bool> decided, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + options.PollTimeout;
        while (true)
        {
            var (result, retryAfter) = await fetch(ct);
            if (!result.IsSuccess || decided(result.Value))
            {
                return result;
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return Errors.Timeout(timeoutCode, what, url, options.PollTimeout);
            }

            var wait = retryAfter ?? options.PollInterval;
            await Task.Delay(wait < left ? wait : left, time, ct);
        }
    }
}
