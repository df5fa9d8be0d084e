using OtpNet;

namespace PortFwd.Web.Accounts.TwoFactor;

/// <summary>
/// Time-based one-time codes (RFC 6238, HMAC-SHA-1, 30-second steps), as authenticator apps make them.
/// A code is accepted one step early or late (clocks drift), and never twice: the caller keeps the step
/// of the last code accepted and passes it back, so a code seen over someone's shoulder is already spent.
/// </summary>
public static class TotpCodes
{
    public const int Digits = 6;
    public const int StepSeconds = 30;
    public const int SecretLength = 20;

    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    /// <summary>A new random secret (160 bits, the size RFC 4226 recommends for SHA-1).</summary>
    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(SecretLength);

    /// <summary>The code an authenticator shows at <paramref name="at"/>.</summary>
    public static string Compute(byte[] secret, DateTimeOffset at, int digits = Digits) =>
        new Totp(secret, StepSeconds, OtpHashMode.Sha1, digits).ComputeTotp(at.UtcDateTime);

    /// <summary>
    /// The time step <paramref name="code"/> belongs to when it is right for now (±1 step) and later than
    /// <paramref name="lastAcceptedStep"/>; null otherwise.
    /// </summary>
    public static long? Match(byte[] secret, string? code, DateTimeOffset now, long? lastAcceptedStep)
    {
        var digits = Normalize(code);
        if (digits.Length != Digits || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits);
        if (!totp.VerifyTotp(now.UtcDateTime, digits, out var step, Window))
        {
            return null;
        }

        // A code of a step at or before the last accepted one was used already (or is older than one that was).
        return lastAcceptedStep is { } last && step <= last ? null : step;
    }

    /// <summary>The secret as people type it into an authenticator: Base32 in groups of four.</summary>
    public static string ManualKey(byte[] secret)
    {
        var base32 = Base32Encoding.ToString(secret).TrimEnd('=');
        return string.Join(' ', base32.Chunk(4).Select(group => new string(group)));
    }

    /// <summary>The <c>otpauth://</c> address the QR code holds (Key Uri Format of authenticator apps).</summary>
    public static string EnrolmentUri(byte[] secret, string issuer, string accountName)
    {
        var label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(accountName);
        return $"otpauth://totp/{label}?secret={Base32Encoding.ToString(secret).TrimEnd('=')}&issuer={Uri.EscapeDataString(issuer)}"
            + $"&algorithm=SHA1&digits={Digits}&period={StepSeconds}";
    }

    private static string Normalize(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
}
