using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Core.Certificates;
using PortFwd.Data.Certificates;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Certificates;

/// <summary>The REST surface under <c>/api/certificates</c>: the certificates HTTPS rules serve. No answer ever holds a private key.</summary>
internal static class CertificateEndpoints
{
    /// <summary>An upload's body: a PEM chain or a base64 PFX with many intermediates stays well under 1 MiB.</summary>
    public const long MaxUploadBytes = 1024 * 1024;

    public static RouteGroupBuilder MapCertificateEndpoints(this IEndpointRouteBuilder app)
    {
        var certificates = app.MapGroup("/api/certificates").WithTags("Certificates").DisableAntiforgery();

        certificates.MapGet("", ListCertificatesAsync)
            .WithName("ListCertificates").WithSummary("List certificates")
            .WithDescription("Every stored certificate: its names, issuer, validity, source (acme, selfSigned, uploaded), the rules that serve it "
                + "and its last renewal attempt. Private keys are never shown.");
        certificates.MapPost("", UploadCertificateAsync)
            .WithName("UploadCertificate").WithSummary("Upload a certificate")
            .WithDescription("Stores a certificate for rules with tls uploaded: PEM text (the certificate, any CA certificates, and its private key) "
                + "or a PFX file in base64 with its password. It must have its private key, be valid now and be meant for servers; with ruleId, "
                + "its names must cover that rule's host names (a wildcard covers one label). Mistakes answer 400 naming each field in errors.")
            .ReadsJsonBody<CertificateUpload>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithBodyLimit(MaxUploadBytes);
        certificates.MapDelete("/{id:int}", DeleteCertificateAsync)
            .WithName("DeleteCertificate").WithSummary("Delete a certificate")
            .WithDescription("Deletes a certificate no rule serves; while a rule serves it the answer is 409 naming the rule.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        certificates.MapPost("/{id:int}/renew", RenewCertificateAsync)
            .WithName("RenewCertificate").WithSummary("Renew an ACME certificate now")
            .WithDescription("Orders a new certificate for an ACME certificate's names at once, whatever its expiry (the panel renews by itself "
                + "30 days before expiry or in the CA's renewal window). 202 when it is on its way: the list shows the attempt's result in lastRenewal. "
                + "409 for an uploaded or self-signed certificate, or while no ACME CA is set; 429 while an attempt for it is already running.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return certificates;
    }

    public static async Task<Ok<IEnumerable<CertificateResponse>>> ListCertificatesAsync(CertificateService service, CancellationToken ct) =>
        TypedResults.Ok((await service.ListAsync(ct)).Select(CertificateResponse.From));

    public static async Task<Results<Created<CertificateResponse>, ValidationProblem, ProblemHttpResult>> UploadCertificateAsync(
        HttpRequest request, CertificateService service, CancellationToken ct)
    {
        var body = await JsonBodyReader.ReadAsync<CertificateUpload>(request, "certificate",
            "{\"pem\": \"-----BEGIN CERTIFICATE-----…\"} or {\"pfx\": \"MIIK…\", \"password\": \"…\"}", WrongType, ct);
        if (!body.IsSuccess)
        {
            return JsonBodyReader.Refused<Created<CertificateResponse>>(body.Error, Invalid);
        }

        var saved = await service.UploadAsync(body.Value, ct);
        if (!saved.IsSuccess)
        {
            return Invalid(saved.Error.FieldErrors);
        }

        return TypedResults.Created($"/api/certificates/{saved.Value.Id}", CertificateResponse.From(new CertificateSummary(saved.Value, [])));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteCertificateAsync(int id, CertificateService service, CancellationToken ct)
    {
        var deleted = await service.DeleteAsync(id, ct);
        if (deleted.IsSuccess)
        {
            return TypedResults.NoContent();
        }

        return deleted.Error.Kind == CertificateErrorKind.InUse
            ? TypedResults.Problem(title: "Certificate in use", detail: deleted.Error.Message, statusCode: StatusCodes.Status409Conflict)
            : TypedResults.Problem(title: "Certificate not found", detail: deleted.Error.Message, statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> RenewCertificateAsync(int id, Acme.AcmeIssuer issuer, CancellationToken ct) =>
        await issuer.RenewNowAsync(id, ct) switch
        {
            Acme.RenewRequest.Started => TypedResults.Accepted($"/api/certificates/{id}"),
            Acme.RenewRequest.NotFound => TypedResults.Problem(title: "Certificate not found", detail: $"There is no certificate with id {id}.", statusCode: StatusCodes.Status404NotFound),
            Acme.RenewRequest.NotAcme => TypedResults.Problem(title: "Not an ACME certificate",
                detail: "Only certificates from the ACME CA are renewed by the panel; upload a new certificate instead (a self-signed one is made again by itself).",
                statusCode: StatusCodes.Status409Conflict),
            Acme.RenewRequest.Off => TypedResults.Problem(title: "No ACME CA",
                detail: $"No ACME CA is set ({Acme.AcmeOptions.Section}:DirectoryUrl is empty), so nothing can be renewed.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem(title: "Renewal already running", detail: "A renewal of this certificate is already on its way; its result shows in lastRenewal.",
                statusCode: StatusCodes.Status429TooManyRequests),
        };

    private static ValidationProblem Invalid(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.ValidationProblem(errors, title: "The certificate was not taken", detail: "Fix the fields listed in errors and try again.");

    private static string WrongType(JsonPropertyInfo property) =>
        JsonBodyReader.TypeOf(property) == typeof(int)
            ? $"{property.Name} must be a number, like 1."
            : $"{property.Name} must be text in quotes.";
}

/// <summary>A stored certificate as the API shows it (never its private key).</summary>
/// <param name="Id">The certificate's id, for a rule's certificateId and <c>/api/certificates/{id}</c>.</param>
/// <param name="Names">The host names (and addresses) it is for.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="Issuer">Who signed it (the CA's intermediate; itself for a self-signed one).</param>
/// <param name="NotBefore">Valid from.</param>
/// <param name="NotAfter">Valid until.</param>
/// <param name="Source">acme, selfSigned or uploaded.</param>
/// <param name="RuleIds">The rules that serve it.</param>
/// <param name="CreatedAt">When it was stored first.</param>
/// <param name="RenewedAt">When it was last replaced by a renewal, if ever.</param>
/// <param name="LastRenewal">The last renewal attempt, if any.</param>
/// <param name="Warning">Said beside a self-signed certificate: browsers will not trust it.</param>
public sealed record CertificateResponse(
    int Id,
    IReadOnlyList<string> Names,
    string Subject,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    CertificateSource Source,
    IReadOnlyList<int> RuleIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RenewedAt,
    RenewalAttemptResponse? LastRenewal,
    string? Warning)
{
    public static CertificateResponse From(CertificateSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var c = summary.Certificate;
        var renewal = c is { LastRenewalAt: { } at, LastRenewalResult: { } result } ? new RenewalAttemptResponse(at, result, c.LastRenewalMessage) : null;
        return new(c.Id, c.Names, c.Subject, c.Issuer, c.NotBefore, c.NotAfter, c.Source, summary.RuleIds, c.CreatedAt, c.RenewedAt, renewal,
            c.Source == CertificateSource.SelfSigned ? SelfSignedCertificate.Warning : null);
    }
}

/// <summary>How a renewal attempt ended.</summary>
/// <param name="Time">When it was tried.</param>
/// <param name="Result">renewed or failed.</param>
/// <param name="Message">What happened, in the CA's words when it refused.</param>
public sealed record RenewalAttemptResponse(DateTimeOffset Time, RenewalResult Result, string? Message);
