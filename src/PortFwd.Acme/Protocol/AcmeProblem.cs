using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortFwd.Acme;

/// <summary>
/// A CA's problem document (RFC 7807, RFC 8555 §6.7): what it refused and why, in its own words.
/// </summary>
/// <param name="Type">The problem type URI, e.g. <c>urn:ietf:params:acme:error:rateLimited</c>.</param>
/// <param name="Detail">The CA's human-readable explanation.</param>
public sealed record AcmeProblem(string Type, string? Detail)
{
    private const string AcmeErrorPrefix = "urn:ietf:params:acme:error:";

    /// <summary>The HTTP status the CA gave in the document.</summary>
    public int? Status { get; init; }

    /// <summary>The name a subproblem is about.</summary>
    public string? Identifier { get; init; }

    /// <summary>Per-name problems of a compound error (RFC 8555 §6.7.1).</summary>
    public IReadOnlyList<AcmeProblem> Subproblems { get; init; } = [];

    /// <summary>The ACME error name without its URN prefix (<c>rateLimited</c>, <c>badNonce</c>), or the whole type.</summary>
    public string Name => Type.StartsWith(AcmeErrorPrefix, StringComparison.Ordinal) ? Type[AcmeErrorPrefix.Length..] : Type;

    /// <summary>The detail with each subproblem's name and detail, for a message.</summary>
    public string Describe()
    {
        var text = string.IsNullOrWhiteSpace(Detail) ? Name : Detail;
        foreach (var sub in Subproblems)
        {
            text += $"; {sub.Identifier ?? "?"}: {sub.Detail ?? sub.Name}";
        }

        return text;
    }

    public override string ToString() => $"{Name}: {Describe()}";

    /// <summary>The problem document in a response body, or null when the body is not one.</summary>
    internal static AcmeProblem? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<ProblemWire>(body, Wire.Options) is { Type: { Length: > 0 } } wire ? FromWire(wire) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static AcmeProblem FromWire(ProblemWire wire) => new(wire.Type ?? "about:blank", wire.Detail)
    {
        Status = wire.Status,
        Identifier = wire.Identifier?.Value,
        Subproblems = wire.Subproblems?.Select(FromWire).ToArray() ?? [],
    };
}

/// <summary>The problem document as the CA sends it.</summary>
internal sealed record ProblemWire(
    string? Type,
    string? Detail,
    int? Status,
    IdentifierWire? Identifier,
    [property: JsonPropertyName("subproblems")] List<ProblemWire>? Subproblems);
