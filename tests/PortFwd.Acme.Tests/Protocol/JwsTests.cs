using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PortFwd.Acme.Protocol;

namespace PortFwd.Acme.Tests.Protocol;

public sealed class JwsTests
{
    // RFC 7515 Appendix A.3.1: the ES256 example key.
    private const string X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    private const string Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
    private const string D = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";

    internal static AcmeAccountKey ExampleKey() => AcmeAccountKey.FromParameters(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url.DecodeFromChars(X), Y = Base64Url.DecodeFromChars(Y) },
        D = Base64Url.DecodeFromChars(D),
    });

    private static ECDsa ExamplePublicKey() => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url.DecodeFromChars(X), Y = Base64Url.DecodeFromChars(Y) },
    });

    [Fact]
    public void The_RFC_7515_A_3_signature_verifies_as_r_and_s_of_32_bytes_each()
    {
        // A.3.1's signing input and A.3.1's signature: the format the client must produce (IEEE P1363, not DER).
        const string signingInput = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        var signature = Base64Url.DecodeFromChars("DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q");
        using var key = ExamplePublicKey();

        Assert.Equal(64, signature.Length);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(signingInput), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void A_new_account_request_carries_the_jwk_nonce_and_url_and_a_signature_the_public_key_verifies()
    {
        using var key = ExampleKey();
        var body = Jws.Sign(key, kid: null, "nonce-1", new Uri("https://ca.test/new-account"), Encoding.UTF8.GetBytes("""{"termsOfServiceAgreed":true}"""));

        using var jws = JsonDocument.Parse(body);
        var protectedPart = jws.RootElement.GetProperty("protected").GetString()!;
        var payloadPart = jws.RootElement.GetProperty("payload").GetString()!;
        var signature = Base64Url.DecodeFromChars(jws.RootElement.GetProperty("signature").GetString());

        // The exact encodings, built by hand from the RFC's key: members in this order, no white space, no padding.
        var header = $$"""{"alg":"ES256","jwk":{"crv":"P-256","kty":"EC","x":"{{X}}","y":"{{Y}}"},"nonce":"nonce-1","url":"https://ca.test/new-account"}""";
        Assert.Equal(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)), protectedPart);
        Assert.Equal("eyJ0ZXJtc09mU2VydmljZUFncmVlZCI6dHJ1ZX0", payloadPart);
        Assert.DoesNotContain('=', protectedPart + payloadPart + jws.RootElement.GetProperty("signature").GetString());
        Assert.Equal(["protected", "payload", "signature"], jws.RootElement.EnumerateObject().Select(p => p.Name));

        Assert.Equal(64, signature.Length);
        using var publicKey = ExamplePublicKey();
        Assert.True(publicKey.VerifyData(Encoding.ASCII.GetBytes(protectedPart + "." + payloadPart), signature,
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void Later_requests_name_the_account_by_kid_and_POST_as_GET_has_an_empty_payload()
    {
        using var key = ExampleKey();
        var body = Jws.Sign(key, new Uri("https://ca.test/acct/7"), "n2", new Uri("https://ca.test/order/1"), payload: null);

        using var jws = JsonDocument.Parse(body);
        var protectedPart = jws.RootElement.GetProperty("protected").GetString()!;
        Assert.Equal("""{"alg":"ES256","kid":"https://ca.test/acct/7","nonce":"n2","url":"https://ca.test/order/1"}""",
            Encoding.UTF8.GetString(Base64Url.DecodeFromChars(protectedPart)));
        Assert.Equal("", jws.RootElement.GetProperty("payload").GetString());
        using var publicKey = ExamplePublicKey();
        Assert.True(publicKey.VerifyData(Encoding.ASCII.GetBytes(protectedPart + "."),
            Base64Url.DecodeFromChars(jws.RootElement.GetProperty("signature").GetString()), HashAlgorithmName.SHA256));
    }

    [Theory]
    [InlineData(new byte[0], "")]
    [InlineData(new byte[] { 0xfb }, "-w")]
    [InlineData(new byte[] { 0xff, 0xff }, "__8")]
    [InlineData(new byte[] { 0x66, 0x6f, 0x6f }, "Zm9v")]
    public void Base64url_uses_the_url_alphabet_without_padding(byte[] data, string expected)
    {
        Assert.Equal(expected, Base64Url.EncodeToString(data));
        Assert.Equal(data, Base64Url.DecodeFromChars(expected));
    }
}
