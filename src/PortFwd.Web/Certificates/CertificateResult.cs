using System.Diagnostics.CodeAnalysis;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Certificates;

/// <summary>Why a certificate was not taken, in groups the API answers differently.</summary>
public enum CertificateErrorKind
{
    /// <summary>The upload has mistakes; <see cref="CertificateError.FieldErrors"/> says which field and why.</summary>
    Invalid,

    /// <summary>No certificate (or rule) with that id.</summary>
    NotFound,

    /// <summary>A rule serves the certificate, so it cannot be deleted.</summary>
    InUse,
}

/// <summary>Why a certificate was not taken, with a sentence a person can act on.</summary>
/// <param name="Kind">The group of the error.</param>
/// <param name="Said">The sentence with its code (for field errors, the first of them); its English is the API's.</param>
/// <param name="FieldSaid">Messages per field of the upload (<see cref="CertificateFields"/>), with their codes.</param>
public sealed record CertificateError(CertificateErrorKind Kind, ValidationMessage Said, IReadOnlyDictionary<string, ValidationMessage[]> FieldSaid)
{
    /// <summary>Plain-language explanation in English (for field errors, the first of them).</summary>
    public string Message => Said.Text;

    /// <summary>The English messages per field of the upload, as the API's error map answers them.</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors => FieldSaid.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Text).ToArray());

    public static CertificateError Invalid(string field, ValidationMessage message) =>
        new(CertificateErrorKind.Invalid, message, new Dictionary<string, ValidationMessage[]> { [field] = [message] });

    public static CertificateError Invalid(Dictionary<string, List<ValidationMessage>> errors)
    {
        var fields = errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        return new(CertificateErrorKind.Invalid, fields.Values.SelectMany(m => m).First(), fields);
    }

    /// <summary>An error that is not about a field of the upload.</summary>
    public static CertificateError Of(CertificateErrorKind kind, ValidationMessage message) => new(kind, message, new Dictionary<string, ValidationMessage[]>());

    public override string ToString() => Message;
}

/// <summary>The outcome of reading, storing or deleting a certificate: the value, or why not.</summary>
public sealed class CertificateResult<T>
{
    private CertificateResult(T? value, CertificateError? error) => (Value, Error) = (value, error);

    public T? Value { get; }

    public CertificateError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static CertificateResult<T> Ok(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static CertificateResult<T> Fail(CertificateError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    public static implicit operator CertificateResult<T>(CertificateError error) => Fail(error);

    public override string ToString() => IsSuccess ? "ok" : Error.Message;
}

/// <summary>Field names of a certificate upload, as the API's error map names them.</summary>
public static class CertificateFields
{
    public const string Pem = "pem";
    public const string Pfx = "pfx";
    public const string Password = "password";
    public const string RuleId = "ruleId";
}

/// <summary>A certificate upload (<c>POST /api/certificates</c>): PEM text, or a PFX file in base64 with its password.</summary>
/// <param name="Pem">The certificate, then any CA certificates, and its private key, as PEM text.</param>
/// <param name="Pfx">A PFX (PKCS#12) file in base64, instead of PEM.</param>
/// <param name="Password">The PFX's password (or an encrypted PEM key's).</param>
/// <param name="RuleId">A rule whose host names the certificate must cover.</param>
public sealed record CertificateUpload(string? Pem, string? Pfx, string? Password, int? RuleId);
