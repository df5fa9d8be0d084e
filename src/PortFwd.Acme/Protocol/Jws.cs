using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace PortFwd.Acme.Protocol;

/// <summary>
/// A request body in the flattened JWS JSON serialization (RFC 7515 §7.2.2, RFC 8555 §6.2): protected header
/// with <c>alg</c> ES256, either <c>jwk</c> (new account, revoke by key) or <c>kid</c> (the account URL),
/// <c>nonce</c> and <c>url</c>; payload and signature base64url.
/// </summary>
internal static class Jws
{
    /// <summary>The protected header, as JSON text (members in a fixed order).</summary>
    public static string ProtectedHeader(AcmeAccountKey key, Uri? kid, string nonce, Uri url)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "ES256");
            if (kid is null)
            {
                writer.WritePropertyName("jwk");
                key.WriteJwk(writer);
            }
            else
            {
                writer.WriteString("kid", kid.AbsoluteUri);
            }

            writer.WriteString("nonce", nonce);
            writer.WriteString("url", url.AbsoluteUri);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The request body. <paramref name="payload"/> null is POST-as-GET: an empty payload (RFC 8555 §6.3),
    /// not the JSON <c>{}</c>.
    /// </summary>
    public static byte[] Sign(AcmeAccountKey key, Uri? kid, string nonce, Uri url, byte[]? payload)
    {
        var protectedPart = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(ProtectedHeader(key, kid, nonce, url)));
        var payloadPart = payload is null ? "" : Base64Url.EncodeToString(payload);
        var signature = key.Sign(Encoding.ASCII.GetBytes(protectedPart + "." + payloadPart));

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("protected", protectedPart);
            writer.WriteString("payload", payloadPart);
            writer.WriteString("signature", Base64Url.EncodeToString(signature));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
