using System.Text.Json;
using System.Text.Json.Serialization;
using PortFwd.Acme.Protocol;

namespace PortFwd.Acme;

/// <summary>The JSON the CA sends and receives (RFC 8555 §7.1), read into these and turned into the public
/// records, which carry what only the headers tell (an object's URL).</summary>
internal static class Wire
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };
}

internal sealed record IdentifierWire(string Type, string Value)
{
    public static IdentifierWire Dns(string name) => new("dns", name);
}

internal sealed record DirectoryWire(
    Uri NewNonce,
    Uri NewAccount,
    Uri NewOrder,
    Uri? RevokeCert,
    Uri? KeyChange,
    Uri? RenewalInfo,
    DirectoryMetaWire? Meta);

internal sealed record DirectoryMetaWire(Uri? TermsOfService, Uri? Website, bool? ExternalAccountRequired);

internal sealed record NewAccountWire(bool TermsOfServiceAgreed, IReadOnlyList<string>? Contact, bool? OnlyReturnExisting);

internal sealed record AccountWire(AcmeAccountStatus Status, List<string>? Contact);

internal sealed record NewOrderWire(IReadOnlyList<IdentifierWire> Identifiers, string? Replaces);

internal sealed record OrderWire(
    AcmeOrderStatus Status,
    List<IdentifierWire> Identifiers,
    List<Uri> Authorizations,
    Uri Finalize,
    Uri? Certificate,
    DateTimeOffset? Expires,
    ProblemWire? Error)
{
    /// <summary>The order in an answer; its URL comes from the caller (Location, or where it was fetched).</summary>
    public static AcmeResult<AcmeOrder> Read(AcmeResponse answer, Uri url)
    {
        var read = AcmeTransport.Read<OrderWire>(answer.Body, url);
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        var wire = read.Value;
        return new AcmeOrder(url, wire.Status, wire.Identifiers.Select(i => i.Value).ToArray(), wire.Authorizations, wire.Finalize)
        {
            Certificate = wire.Certificate,
            Expires = wire.Expires,
            Problem = wire.Error is null ? null : AcmeProblem.FromWire(wire.Error),
        };
    }
}

internal sealed record AuthorizationWire(
    AcmeAuthorizationStatus Status,
    IdentifierWire Identifier,
    List<ChallengeWire> Challenges,
    bool? Wildcard,
    DateTimeOffset? Expires)
{
    public AcmeAuthorization ToAuthorization(Uri url) =>
        new(url, Status, Identifier.Value, Challenges.Select(c => c.ToChallenge()).ToArray()) { Expires = Expires };
}

internal sealed record ChallengeWire(string Type, Uri Url, AcmeChallengeStatus Status, string? Token, ProblemWire? Error)
{
    public AcmeChallenge ToChallenge() => new(Type, Url, Status, Token ?? "")
    {
        Problem = Error is null ? null : AcmeProblem.FromWire(Error),
    };
}

internal sealed record FinalizeWire(string Csr);

internal sealed record RenewalInfoWire(RenewalWindowWire SuggestedWindow, Uri? ExplanationUrl);

internal sealed record RenewalWindowWire(DateTimeOffset Start, DateTimeOffset End);

/// <summary>The empty JSON object: the payload that tells the CA a challenge is ready (RFC 8555 §7.5.1).</summary>
internal sealed record EmptyWire;
