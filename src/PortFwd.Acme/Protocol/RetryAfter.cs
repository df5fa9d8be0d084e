using System.Globalization;

namespace PortFwd.Acme.Protocol;

/// <summary>The <c>Retry-After</c> header (RFC 9110 §10.2.3): delay-seconds or an HTTP date.</summary>
internal static class RetryAfter
{
    /// <summary>
    /// How long to wait from <paramref name="now"/>; null when the value is missing or not understood. A date in
    /// the past means no wait.
    /// </summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            // A day is far beyond any poll deadline; the cap keeps the arithmetic in range.
            return TimeSpan.FromSeconds(Math.Min(seconds, 86_400));
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date <= now ? TimeSpan.Zero : date - now;
        }

        return null;
    }

    /// <summary>The header of a response, read as sent (not through the framework's typed parse).</summary>
    public static TimeSpan? From(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? Parse(values.FirstOrDefault(), now) : null;
}
