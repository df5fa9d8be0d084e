using System.Security.Cryptography;
using System.Text;

namespace PortFwd.Web.Backup;

/// <summary>
/// How a backup's secrets are encrypted, every parameter written into the document: AES-256-GCM with a key derived from
/// the passphrase by PBKDF2-HMAC-SHA256 over a random 16-byte salt. Each secret is base64 of a random 12-byte nonce, the
/// ciphertext and the 16-byte tag, so a wrong passphrase (or a changed byte) is told apart from a right one.
/// </summary>
/// <param name="Algorithm">Always <see cref="AesGcm256"/>.</param>
/// <param name="Kdf">Always <see cref="Pbkdf2Sha256"/>.</param>
/// <param name="Iterations">PBKDF2 iterations (<see cref="DefaultIterations"/> when written by this panel).</param>
/// <param name="Salt">Base64 of the salt.</param>
public sealed record BackupEncryption(string Algorithm, string Kdf, int Iterations, string Salt)
{
    public const string AesGcm256 = "AES-256-GCM";

    public const string Pbkdf2Sha256 = "PBKDF2-SHA256";

    public const int DefaultIterations = 600_000;

    /// <summary>Less would make a passphrase cheap to guess; more than this is a mistake, not a setting (and slow to open).</summary>
    public const int MinIterations = 100_000;

    public const int MaxIterations = 10_000_000;

    /// <summary>A passphrase shorter than this is refused when a backup is made.</summary>
    public const int MinPassphraseLength = 8;

    private const int SaltBytes = 16;
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <summary>New parameters with a fresh random salt.</summary>
    public static BackupEncryption New() =>
        new(AesGcm256, Pbkdf2Sha256, DefaultIterations, Convert.ToBase64String(RandomNumberGenerator.GetBytes(SaltBytes)));

    /// <summary>What is wrong with these parameters as read from a document; null when a key can be derived with them.</summary>
    public string? Problem()
    {
        if (Algorithm != AesGcm256 || Kdf != Pbkdf2Sha256)
        {
            return $"The backup's secrets are encrypted with {Algorithm} and {Kdf}; this panel reads {AesGcm256} with {Pbkdf2Sha256}.";
        }

        if (Iterations is < MinIterations or > MaxIterations)
        {
            return $"The backup's iteration count {Iterations} is out of range ({MinIterations:N0} to {MaxIterations:N0}).";
        }

        return SaltOf() is null ? "The backup's salt is not base64 of 16 bytes." : null;
    }

    /// <summary>The key for <paramref name="passphrase"/>; call only when <see cref="Problem"/> is null.</summary>
    public BackupKey DeriveKey(string passphrase) =>
        new(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), SaltOf()!, Iterations, HashAlgorithmName.SHA256, KeyBytes));

    private byte[]? SaltOf()
    {
        var salt = new byte[SaltBytes];
        return Convert.TryFromBase64String(Salt ?? "", salt, out var written) && written == SaltBytes ? salt : null;
    }

    /// <summary>A derived key: encrypts and decrypts single secrets.</summary>
    public sealed class BackupKey(byte[] key)
    {
        public string Encrypt(string secret)
        {
            var plain = Encoding.UTF8.GetBytes(secret);
            var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
            var nonce = sealedBytes.AsSpan(0, NonceBytes);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(key, TagBytes);
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length));
            return Convert.ToBase64String(sealedBytes);
        }

        /// <summary>The secret, or null when this key does not open it (a wrong passphrase, a changed byte, not base64).</summary>
        public string? Decrypt(string encrypted)
        {
            byte[] sealedBytes;
            try
            {
                sealedBytes = Convert.FromBase64String(encrypted);
            }
            catch (FormatException)
            {
                return null;
            }

            if (sealedBytes.Length < NonceBytes + TagBytes)
            {
                return null;
            }

            var length = sealedBytes.Length - NonceBytes - TagBytes;
            var plain = new byte[length];
            try
            {
                using var aes = new AesGcm(key, TagBytes);
                aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), plain);
            }
            catch (AuthenticationTagMismatchException)
            {
                return null;
            }

            return Encoding.UTF8.GetString(plain);
        }
    }
}
