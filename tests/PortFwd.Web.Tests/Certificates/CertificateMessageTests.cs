using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PortFwd.Acme;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Certificates;
using PortFwd.Web.Components.Certificates;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Localization;
using PortFwd.Web.Tests.Components;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.Certificates;

/// <summary>
/// What the certificate service refuses and what an ACME order fails with carry a code and their values: the panel says
/// them in the person's language, while the API keeps the English it answered before.
/// </summary>
public sealed class CertificateMessageTests()
    : MudDatabaseTestContext("portfwd-cert-messages-", (services, dataDirectory) => CertificateUploadDialogTests.AddCertificateServices(services, dataDirectory))
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private CertificateService Service => Services.GetRequiredService<CertificateService>();

    private static (string Field, string Code, string Values) Only(CertificateError error)
    {
        var (field, messages) = Assert.Single(error.FieldSaid);
        var message = Assert.Single(messages);
        Assert.Equal([message.Text], error.FieldErrors[field]);
        Assert.Equal(message, error.Said);
        return (field, message.Code, string.Join("|", message.Arguments));
    }

    [Fact]
    public async Task An_upload_with_both_pem_and_pfx_is_refused_with_its_code()
    {
        using var leaf = TestCertificates.Server(["both.test"]);

        var saved = await Service.UploadAsync(new CertificateUpload(TestCertificates.Pem(leaf), TestCertificates.PfxBase64(leaf, "pw"), "pw", null), Ct);

        Assert.Equal((CertificateFields.Pfx, "Cert.PemAndPfx", ""), Only(saved.Error!));
        Assert.Equal("Send either the PEM text or the PFX file, not both.", saved.Error!.Message);
    }

    [Fact]
    public async Task A_key_that_belongs_to_another_certificate_is_refused_with_its_code()
    {
        using var leaf = TestCertificates.Server(["mine.test"]);
        using var other = TestCertificates.Server(["other.test"]);

        var saved = await Service.UploadAsync(new CertificateUpload(leaf.ExportCertificatePem() + "\n" + TestCertificates.KeyPem(other), null, null, null), Ct);

        Assert.Equal((CertificateFields.Pem, "Cert.KeyMatchesNone", ""), Only(saved.Error!));
        Assert.Equal(
            "The private key does not belong to any certificate of the PEM text; upload the key the certificate was issued for.",
            saved.Error!.FieldErrors[CertificateFields.Pem].Single());
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_with_its_code_and_the_day_it_expired()
    {
        var expiredOn = new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
        using var leaf = TestCertificates.Server(["old.test"], notBefore: expiredOn.AddDays(-90), notAfter: expiredOn);

        var saved = await Service.UploadAsync(new CertificateUpload(TestCertificates.Pem(leaf), null, null, null), Ct);

        Assert.Equal((CertificateFields.Pem, "Cert.Expired", "2025-03-14"), Only(saved.Error!));
        Assert.Equal("The certificate expired on 2025-03-14; upload a current one.", saved.Error!.Message);
        Assert.Equal("El certificado caducó el 2025-03-14; suba uno vigente.",
            InLanguage.Run("es", () => MessageText.Localize(saved.Error.Said, UiText.Ui, MessageText.ServicePrefix)));
    }

    [Fact]
    public async Task Deleting_a_certificate_that_is_not_there_says_so_with_its_id()
    {
        var deleted = await Service.DeleteAsync(4711, Ct);

        Assert.Equal(CertificateErrorKind.NotFound, deleted.Error!.Kind);
        Assert.Equal("Cert.NotFound", deleted.Error.Said.Code);
        Assert.Equal([4711], deleted.Error.Said.Arguments);
        Assert.Equal("There is no certificate with id 4711.", deleted.Error.Message);
        Assert.Equal("No hay ningún certificado con el id 4711.", InLanguage.Run("es", () => MessageText.Localize(deleted.Error.Said, UiText.Ui, MessageText.ServicePrefix)));
    }

    [Fact]
    public async Task A_CA_nobody_answers_for_fails_with_a_coded_message_that_a_waiting_rule_says_in_Spanish()
    {
        var port = LoopbackPorts.Free();
        using var http = new HttpClient();
        using var key = AcmeAccountKey.Create();

        var directory = await new AcmeClient(http, new Uri($"https://127.0.0.1:{port}/dir"), key).GetDirectoryAsync(Ct);
        var said = CertificateMessages.FromAcme(directory.Error!);

        Assert.Equal("Cert.AcmeUnreachable", said.Code);
        Assert.Equal($"127.0.0.1:{port}", said.Arguments[0]);
        Assert.Equal(directory.Error!.Message, said.Text);
        var why = (string)said.Arguments[1];
        Assert.Equal($"No se pudo contactar con la CA en 127.0.0.1:{port}: {why}",
            InLanguage.Run("es", () => MessageText.Localize(said, UiText.Ui, MessageText.ServicePrefix)));

        var nextTry = new DateTimeOffset(2026, 12, 2, 15, 30, 0, TimeSpan.Zero);
        var status = RuleStatusMessages.CertificateAcmeFailed.With(said, nextTry);
        Assert.Equal($"No certificate from the ACME CA yet: {said.Text} Next try 2026-12-02 15:30 UTC.", status.Text);
        Assert.Equal($"Todavía no hay certificado de la CA ACME: No se pudo contactar con la CA en 127.0.0.1:{port}: {why} Próximo intento: 2026-12-02 15:30 UTC.",
            InLanguage.Run("es", () => MessageText.Service(status, status.Text, UiText.Ui)));
    }

    [Theory]
    [InlineData("192.0.2.7", "«192.0.2.7» no puede figurar en un certificado de esta CA: es una dirección IP, y aquí solo se emiten certificados para nombres de host.")]
    [InlineData("*.app.test", "«*.app.test» no puede figurar en un certificado de esta CA: los nombres comodín necesitan un desafío DNS-01, y PortFwd solo responde a HTTP-01.")]
    [InlineData("intranet", "«intranet» no puede figurar en un certificado de esta CA: no tiene ningún punto, así que ninguna CA puede encontrarlo por DNS.")]
    [InlineData("app..test", "«app..test» no puede figurar en un certificado de esta CA: cada parte entre puntos debe tener de 1 a 63 caracteres.")]
    [InlineData("café.test",
        "«café.test» no puede figurar en un certificado de esta CA: solo se pueden usar letras, dígitos y guiones interiores (escriba un nombre internacional en su forma xn--).")]
    public async Task A_name_the_CA_client_refuses_says_its_reason_in_Spanish_and_keeps_its_English(string name, string spanish)
    {
        using var http = new HttpClient();
        using var key = AcmeAccountKey.Create();

        // Names are checked before anything is sent, so no CA needs to listen.
        var order = await new AcmeClient(http, new Uri($"https://127.0.0.1:{LoopbackPorts.Free()}/dir"), key).CreateOrderAsync([name], Ct);
        var said = CertificateMessages.FromAcme(order.Error!);

        Assert.StartsWith("Cert.AcmeNameRefused", said.Code, StringComparison.Ordinal);
        Assert.Equal(order.Error!.Message, said.Text);
        Assert.StartsWith($"'{name}' cannot be in a certificate from this CA: ", said.Text, StringComparison.Ordinal);
        Assert.Equal(spanish, InLanguage.Spanish(() => MessageText.Localize(said, UiText.Ui, MessageText.ServicePrefix)));
    }

    [Fact]
    public async Task A_CA_whose_TLS_certificate_is_not_trusted_says_so_in_Spanish_with_the_systems_own_words()
    {
        using var selfSigned = TestCertificates.Server(["localhost"]);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var serving = ServeTlsOnceAsync(listener, selfSigned);
        using var http = new HttpClient();
        using var key = AcmeAccountKey.Create();

        var directory = await new AcmeClient(http, new Uri($"https://127.0.0.1:{port}/dir"), key).GetDirectoryAsync(Ct);
        await serving;
        var said = CertificateMessages.FromAcme(directory.Error!);

        Assert.Equal("Cert.AcmeUntrustedCertificate", said.Code);
        var why = (string)said.Arguments[1];
        Assert.Equal($"Could not reach the CA at 127.0.0.1:{port}: its TLS certificate is not trusted ({why})", said.Text);
        Assert.Equal($"No se pudo contactar con la CA en 127.0.0.1:{port}: su certificado TLS no es de confianza ({why})",
            InLanguage.Spanish(() => MessageText.Localize(said, UiText.Ui, MessageText.ServicePrefix)));
    }

    /// <summary>Accepts one connection and offers <paramref name="certificate"/>; the client's refusal of it ends the handshake.</summary>
    private static async Task ServeTlsOnceAsync(System.Net.Sockets.TcpListener listener, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var client = await listener.AcceptTcpClientAsync(Ct);
        await using var tls = new System.Net.Security.SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(certificate).WaitAsync(Within, Ct);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            // The client said no to the certificate: what the test is about happens on its side.
        }
    }

    [Fact]
    public void An_order_the_CA_gave_up_on_without_a_reason_says_so_in_Spanish()
    {
        var said = CertificateMessages.FromAcme(new AcmeError(AcmeErrorKind.Rejected, "The CA gave up on the order for app.test: no reason given")
        {
            Code = "OrderGivenUpNoReason",
            Arguments = ["app.test"],
        });

        Assert.Equal("Cert.AcmeOrderGivenUpNoReason", said.Code);
        Assert.Equal("The CA gave up on the order for app.test: no reason given", said.Text);
        Assert.Equal("La CA abandonó el pedido para app.test: no dio ningún motivo", InLanguage.Spanish(() => MessageText.Localize(said, UiText.Ui, MessageText.ServicePrefix)));
    }

    [Fact]
    public void An_ACME_error_without_a_code_or_with_values_that_do_not_fit_stays_in_English()
    {
        var plain = CertificateMessages.FromAcme(new AcmeError(AcmeErrorKind.InvalidResponse, "The CA did not say where the order is (no Location)."));
        var misfit = CertificateMessages.FromAcme(new AcmeError(AcmeErrorKind.Network, "Could not reach the CA.") { Code = "Unreachable", Arguments = ["ca.test"] });

        Assert.Equal(ValidationMessage.Plain("The CA did not say where the order is (no Location)."), plain);
        Assert.Equal(ValidationMessage.Plain("Could not reach the CA."), misfit);
    }

    [Fact]
    public async Task A_failed_renewal_is_kept_with_its_codes_and_the_expiry_warning_says_it_in_Spanish()
    {
        using var soon = TestCertificates.Server(["pronto.test"], notAfter: DateTimeOffset.UtcNow.AddDays(5));
        var saved = await Service.UploadAsync(new CertificateUpload(TestCertificates.Pem(soon), null, null, null), Ct);
        var failure = CertificateMessages.FromAcme(new AcmeError(AcmeErrorKind.Timeout, "The CA at ca.test did not answer in time.")
        {
            Code = "NoAnswerInTime",
            Arguments = ["ca.test"],
        });
        Assert.True(await Service.RecordRenewalAsync(saved.Value!.Id, PortFwd.Core.Certificates.RenewalResult.Failed,
            CertificateMessages.RenewalFailed.With(failure, "2026-12-02 15:30"), Ct));
        var stored = await Services.GetRequiredService<PortFwd.Data.Certificates.CertificateStore>().GetAsync(saved.Value.Id, Ct);
        Assert.Equal("The CA at ca.test did not answer in time. Next try 2026-12-02 15:30 UTC.", stored!.LastRenewalMessage);

        using var spanish = InLanguage.Use("es");
        var warning = Render<ExpiringCertificates>();

        var alert = warning.WaitForElement(".expiring-certificate", Within);
        Assert.Contains("(último intento: La CA en ca.test no respondió a tiempo. Próximo intento: 2026-12-02 15:30 UTC.)", alert.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("did not answer", warning.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_upload_dialog_says_why_an_expired_certificate_is_refused_in_Spanish()
    {
        using var spanish = InLanguage.Use("es");
        var expiredOn = new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
        using var leaf = TestCertificates.Server(["viejo.test"], notBefore: expiredOn.AddDays(-90), notAfter: expiredOn);
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CertificateUploadDialog>("Subir un certificado"));

        await provider.WaitForElement("#certificate-pem", Within).InputAsync(TestCertificates.Pem(leaf));
        await provider.Find("#certificate-upload").ClickAsync();

        provider.WaitForAssertion(
            () => Assert.Contains("El certificado caducó el 2025-03-14; suba uno vigente.", provider.Find("#certificate-upload-dialog").TextContent, StringComparison.Ordinal),
            Within);
        Assert.DoesNotContain("expired", provider.Markup, StringComparison.Ordinal);
    }
}
