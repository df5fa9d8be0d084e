using System.Security.Cryptography;
using PortFwd.Acme.Tests.Protocol;

namespace PortFwd.Acme.Tests.Accounts;

public sealed class AccountKeyTests
{
    [Fact]
    public void The_thumbprint_of_the_RFC_7515_A_3_key_is_the_SHA_256_of_its_canonical_JWK()
    {
        using var key = JwsTests.ExampleKey();

        // Computed independently when this test was written, with Python's hashlib:
        //   jwk = '{"crv":"P-256","kty":"EC","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}'
        //   base64.urlsafe_b64encode(hashlib.sha256(jwk.encode()).digest()).rstrip(b"=")
        Assert.Equal("oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U", key.Thumbprint);
        Assert.Equal("""{"crv":"P-256","kty":"EC","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}""", key.Jwk);
    }

    [Fact]
    public void A_key_authorization_is_the_token_a_dot_and_the_thumbprint()
    {
        using var key = JwsTests.ExampleKey();

        Assert.Equal("evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U",
            key.KeyAuthorization("evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"));
    }

    [Fact]
    public void A_key_saved_as_PKCS8_comes_back_as_the_same_account()
    {
        using var key = AcmeAccountKey.Create();
        using var again = AcmeAccountKey.FromPkcs8(key.ExportPkcs8());

        Assert.Equal(key.Thumbprint, again.Thumbprint);
        Assert.Equal(key.Jwk, again.Jwk);
    }

    [Fact]
    public void A_key_that_is_not_P_256_is_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var error = Assert.Throws<CryptographicException>(() => AcmeAccountKey.FromPkcs8(p384.ExportPkcs8PrivateKey()));
        Assert.Contains("P-256", error.Message, StringComparison.Ordinal);
    }
}
