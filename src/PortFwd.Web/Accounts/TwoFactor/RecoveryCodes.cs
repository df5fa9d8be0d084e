using System.Security.Cryptography;
using System.Text;

namespace PortFwd.Web.Accounts.TwoFactor;

/// <summary>
/// One-time codes for signing in when the authenticator is lost. Each has 80 random bits, so a SHA-256
/// hash is enough to store it (no slow hash needed, unlike a password people choose); a used code is
/// removed from the stored list.
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;

    // Crockford-style alphabet without look-alikes (no 0/O, 1/I/L, U): what people copy from paper.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
    private const int Length = 16;

    /// <summary>New codes, shown once, written as four groups of four.</summary>
    public static IReadOnlyList<string> Generate() =>
        Enumerable.Range(0, Count).Select(_ =>
        {
            var raw = RandomNumberGenerator.GetString(Alphabet, Length);
            return string.Join('-', raw.Chunk(4).Select(group => new string(group)));
        }).ToArray();

    /// <summary>What is stored for the codes: their hashes, space-separated.</summary>
    public static string Store(IEnumerable<string> codes) => string.Join(' ', codes.Select(Hash));

    /// <summary>How many unused codes a stored list holds.</summary>
    public static int Remaining(string? stored) => Split(stored).Length;

    /// <summary>
    /// When <paramref name="code"/> is one of the stored codes: true, and the stored list without it.
    /// </summary>
    public static bool TryUse(string? stored, string? code, out string remaining)
    {
        var hashes = Split(stored);
        var normalized = Normalize(code);
        remaining = stored ?? "";
        if (normalized.Length != Length)
        {
            return false;
        }

        var hash = Hash(normalized);
        var match = hashes.FirstOrDefault(h => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(h), Encoding.ASCII.GetBytes(hash)));
        if (match is null)
        {
            return false;
        }

        remaining = string.Join(' ', hashes.Where(h => !ReferenceEquals(h, match)));
        return true;
    }

    /// <summary>Whether text looks like a recovery code rather than a six-digit code.</summary>
    public static bool LooksLikeOne(string? code) => Normalize(code).Length == Length;

    private static string[] Split(string? stored) => (stored ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Normalize(code))));

    // Dashes, spaces and case do not matter when typing a code back.
    private static string Normalize(string? code) =>
        new((code ?? "").Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).ToArray());
}
