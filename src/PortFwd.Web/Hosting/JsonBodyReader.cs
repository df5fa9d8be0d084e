using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace PortFwd.Web.Hosting;

/// <summary>What kind of mistake a request body has.</summary>
internal enum BodyErrorKind
{
    /// <summary>Not sent as JSON at all (its content type).</summary>
    NotJson,

    /// <summary>JSON that does not parse, is not an object, or has a field of the wrong type.</summary>
    WrongShape,
}

/// <summary>What is wrong with a body, under the key of the errors map it belongs to.</summary>
internal sealed record BodyError(BodyErrorKind Kind, string Field, string Message);

/// <summary>A body read as <typeparamref name="T"/>, or why it could not be.</summary>
internal sealed record BodyRead<T>(T? Value, BodyError? Error)
    where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static BodyRead<T> Ok(T value) => new(value, null);

    public static BodyRead<T> Fail(string field, string message, BodyErrorKind kind = BodyErrorKind.WrongShape) => new(null, new BodyError(kind, field, message));
}

/// <summary>
/// Reads a JSON request body in two steps, so each kind of mistake gets its own answer: JSON that does not parse
/// (where it breaks), JSON that is not an object (what the body must be), and a field of the wrong type (which field,
/// and what it must be). The API's endpoints that take a body (rules, Dynamic DNS names) share it.
/// </summary>
internal static class JsonBodyReader
{
    /// <summary>The error key for a body that is not an object of the expected fields at all.</summary>
    public const string BodyKey = "body";

    /// <param name="what">What the body is, for messages ("rule").</param>
    /// <param name="example">A short JSON example of it, for the message about a body that is not an object.</param>
    /// <param name="wrongType">What a field of the wrong type must be, in words and with an example.</param>
    public static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, string what, string example, Func<JsonPropertyInfo, string> wrongType, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(wrongType);
        if (!request.HasJsonContentType())
        {
            return BodyRead<T>.Fail("", $"Send the {what} as JSON (Content-Type: application/json).", BodyErrorKind.NotJson);
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions
            {
                AllowTrailingCommas = options.AllowTrailingCommas,
                CommentHandling = options.ReadCommentHandling,
                MaxDepth = options.MaxDepth,
            }, ct);
        }
        catch (JsonException ex)
        {
            return BodyRead<T>.Fail(BodyKey, NotJson(ex));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return BodyRead<T>.Fail(BodyKey, $"The request body must be a JSON object with the {what}'s fields, like {example}.");
            }

            try
            {
                return BodyRead<T>.Ok(document.RootElement.Deserialize<T>(options)!);
            }
            catch (JsonException ex)
            {
                var property = FieldOf<T>(ex.Path, options);
                return property is null
                    ? BodyRead<T>.Fail(BodyKey, $"The request body does not fit the {what}'s fields.")
                    : BodyRead<T>.Fail(property.Name, wrongType(property));
            }
        }
    }

    /// <summary>The answer for a body that could not be read: 415 when it is not JSON, else 400 naming the field.</summary>
    public static Results<TSaved, ValidationProblem, ProblemHttpResult> Refused<TSaved>(BodyError error, Func<IEnumerable<KeyValuePair<string, string[]>>, ValidationProblem> invalid)
        where TSaved : IResult
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(invalid);
        return error.Kind switch
        {
            BodyErrorKind.NotJson => TypedResults.Problem(title: "Unsupported content type", detail: error.Message,
                statusCode: StatusCodes.Status415UnsupportedMediaType),
            _ => invalid([new(error.Field, [error.Message])]),
        };
    }

    /// <summary>The underlying type of a field, without <see cref="Nullable{T}"/>.</summary>
    public static Type TypeOf(JsonPropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
    }

    private static string NotJson(JsonException ex) => ex.LineNumber is { } line && ex.BytePositionInLine is { } position
        ? $"The request body is not valid JSON: it breaks at line {line + 1}, position {position + 1}."
        : "The request body is not valid JSON.";

    /// <summary>The field a deserialization error is about (camelCase, as in the rest of the errors map), however the client cased it.</summary>
    private static JsonPropertyInfo? FieldOf<T>(string? path, JsonSerializerOptions options)
    {
        if (path is not { Length: > 2 })
        {
            return null;
        }

        var jsonName = path.TrimStart('$', '.').Split('.', '[')[0].Trim('\'', '"');
        return options.GetTypeInfo(typeof(T)).Properties
            .FirstOrDefault(p => string.Equals(p.Name, jsonName, StringComparison.OrdinalIgnoreCase));
    }
}
