using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Buffers.Text;

namespace PortFwd.Acme;

/// <summary>
/// The ACME account key: an ECDSA P-256 key that signs every request (ES256). The CA knows the account by this
/// key, so the caller keeps it (encrypted) for the life of the account; this library never writes it anywhere.
/// </summary>
public sealed class AcmeAccountKey : IDisposable
{
    private readonly ECDsa _key;

    private AcmeAccountKey(ECDsa key)
    {
        _key = key;
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        X = Base64Url.EncodeToString(q.X);
        Y = Base64Url.EncodeToString(q.Y);
        // RFC 7638: the required members only, in lexicographic order, no white space.
        Jwk = $$"""{"crv":"P-256","kty":"EC","x":"{{X}}","y":"{{Y}}"}""";
        Thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(Jwk)));
    }

    /// <summary>The public key as a JWK in its RFC 7638 canonical form (also what the JWS header carries).</summary>
    public string Jwk { get; }

    /// <summary>The RFC 7638 thumbprint (SHA-256 of <see cref="Jwk"/>, base64url): the second half of every key authorization.</summary>
    public string Thumbprint { get; }

    internal string X { get; }

    internal string Y { get; }

    /// <summary>A new random P-256 key.</summary>
    public static AcmeAccountKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>A key saved earlier with <see cref="ExportPkcs8"/>.</summary>
    /// <exception cref="CryptographicException">The bytes are not a PKCS#8 P-256 private key.</exception>
    public static AcmeAccountKey FromPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new CryptographicException("The ACME account key must be an ECDSA P-256 key.");
            }

            return new AcmeAccountKey(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A key from its EC parameters; for tests that sign with a published example key.</summary>
    internal static AcmeAccountKey FromParameters(ECParameters parameters) => new(ECDsa.Create(parameters));

    /// <summary>The private key as PKCS#8 bytes, for the caller to store encrypted.</summary>
    public byte[] ExportPkcs8() => _key.ExportPkcs8PrivateKey();

    /// <summary>
    /// The key authorization for a challenge token (RFC 8555 §8.1): what the HTTP-01 responder must answer at
    /// <c>/.well-known/acme-challenge/{token}</c>.
    /// </summary>
    public string KeyAuthorization(string token) => token + "." + Thumbprint;

    /// <summary>ES256 signature in the JWS form: r and s, 32 bytes each (IEEE P1363), not DER.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Writes the public JWK as a JSON object (the <c>jwk</c> header member).</summary>
    internal void WriteJwk(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("crv", "P-256");
        writer.WriteString("kty", "EC");
        writer.WriteString("x", X);
        writer.WriteString("y", Y);
        writer.WriteEndObject();
    }

    public void Dispose() => _key.Dispose();
}
