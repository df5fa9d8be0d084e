using PortFwd.Acme;
using PortFwd.Data.Certificates;

namespace PortFwd.Web.Certificates.Acme;

/// <summary>When certificates are renewed and when a failed attempt is tried again: never in a loop.</summary>
public static class AcmeSchedule
{
    /// <summary>Renewal starts this long before expiry when the CA gives no renewal window.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>A certificate this close to expiry without a successful renewal is shown on the Status page.</summary>
    public static readonly TimeSpan WarnBefore = TimeSpan.FromDays(14);

    /// <summary>How often certificates are looked at (and the CA's renewal windows asked).</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromHours(1);

    /// <summary>How long a rate-limited attempt waits when the CA does not say.</summary>
    public static readonly TimeSpan RateLimitWait = TimeSpan.FromHours(1);

    private static readonly TimeSpan[] BackOff =
        [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromHours(24)];

    /// <summary>When to renew: the start of the CA's window when it gave one, else <see cref="RenewBefore"/> before expiry.</summary>
    public static DateTimeOffset RenewAt(StoredCertificate certificate, RenewalInfo? window)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return window?.WindowStart ?? certificate.NotAfter - RenewBefore;
    }

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row: 5 min, 30 min, 2 h, 6 h, 12 h, then daily.</summary>
    public static TimeSpan BackOffAfter(int failures) => BackOff[Math.Clamp(failures, 1, BackOff.Length) - 1];

    /// <summary>When to try again after <paramref name="error"/>: a rate limit waits for the CA's Retry-After (or an hour); anything else backs off.</summary>
    public static DateTimeOffset NextTry(AcmeError error, int failures, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Kind == AcmeErrorKind.RateLimited)
        {
            return error.RetryAfter is { } at && at > now ? at : now + RateLimitWait;
        }

        return now + BackOffAfter(failures);
    }

    /// <summary>Whether a certificate is about to expire with no successful renewal: the Status page warns.</summary>
    public static bool ExpiresSoon(StoredCertificate certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.NotAfter - now <= WarnBefore;
    }
}
