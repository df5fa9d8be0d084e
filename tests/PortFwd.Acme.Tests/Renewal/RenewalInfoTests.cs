using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Acme.Tests.Support;

namespace PortFwd.Acme.Tests.Renewal;

public sealed class RenewalInfoTests
{
    // RFC 9773 §4.1's example: authority key identifier 69:88:5B:...:D4 and serial 00:87:65:43:21. The id below was
    // computed independently when this test was written, with Python's base64.urlsafe_b64encode of those bytes.
    private const string ExampleId = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE";

    [Fact]
    public void A_certificate_is_named_by_its_authority_key_identifier_and_serial_number()
    {
        using var certificate = ExampleCertificate();

        Assert.Equal(ExampleId, RenewalInfo.CertificateId(certificate));
    }

    [Fact]
    public async Task The_suggested_window_is_read_with_when_to_ask_again()
    {
        var ca = new FakeCa
        {
            Answer = request =>
            {
                var answer = FakeCa.Json(HttpStatusCode.OK, """
                    {"suggestedWindow":{"start":"2027-01-02T04:00:00Z","end":"2027-01-03T04:00:00Z"},"explanationURL":"https://ca.test/incident/42"}
                    """);
                answer.Headers.Add("Retry-After", "21600");
                return answer;
            },
        };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        using var http = new HttpClient(ca);
        using var key = AcmeAccountKey.Create();
        using var certificate = ExampleCertificate();

        var info = await new AcmeClient(http, FakeCa.Directory, key, time: time).GetRenewalInfoAsync(certificate, TestContext.Current.CancellationToken);

        Assert.True(info.IsSuccess, info.Error?.Message);
        Assert.Equal(new DateTimeOffset(2027, 1, 2, 4, 0, 0, TimeSpan.Zero), info.Value.WindowStart);
        Assert.Equal(new DateTimeOffset(2027, 1, 3, 4, 0, 0, TimeSpan.Zero), info.Value.WindowEnd);
        Assert.Equal(new Uri("https://ca.test/incident/42"), info.Value.ExplanationUrl);
        Assert.Equal(time.GetUtcNow().AddHours(6), info.Value.CheckAgainAfter);
        // An unsigned GET of renewalInfo/<id> (RFC 9773 §4.2), no account needed.
        var asked = Assert.Single(ca.Seen, r => r.Url.AbsolutePath.StartsWith("/renewal-info/", StringComparison.Ordinal));
        Assert.Equal(HttpMethod.Get, asked.Method);
        Assert.Equal("/renewal-info/" + ExampleId, asked.Url.AbsolutePath);
    }

    [Fact]
    public async Task A_CA_without_renewal_information_says_so_as_unsupported()
    {
        var ca = new FakeCa { OffersRenewalInfo = false };
        using var http = new HttpClient(ca);
        using var key = AcmeAccountKey.Create();
        using var certificate = ExampleCertificate();

        var info = await new AcmeClient(http, FakeCa.Directory, key).GetRenewalInfoAsync(certificate, TestContext.Current.CancellationToken);

        Assert.False(info.IsSuccess);
        Assert.Equal(AcmeErrorKind.Unsupported, info.Error.Kind);
        Assert.Single(ca.Seen);
    }

    /// <summary>A certificate carrying the RFC's example authority key identifier and serial number.</summary>
    private static X509Certificate2 ExampleCertificate()
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=app.test", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(
            Convert.FromHexString("69885B6B87464041E1B37B847BA0AE2CDE01C8D4")));
        var now = DateTimeOffset.UtcNow;
        return request.Create(new X500DistinguishedName("CN=Example CA"), X509SignatureGenerator.CreateForECDsa(issuerKey),
            now.AddDays(-1), now.AddDays(60), Convert.FromHexString("0087654321"));
    }
}
