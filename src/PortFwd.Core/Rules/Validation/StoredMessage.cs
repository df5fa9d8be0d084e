using System.Globalization;
using System.Text.Json;

namespace PortFwd.Core.Rules.Validation;

/// <summary>
/// A <see cref="ValidationMessage"/> kept in a database row: its code and English in columns of their own, its values as
/// a JSON array, so a page can still say it in the person's language long after it was written. Values are kept as
/// strings (formatted invariantly, as the English has them); a message inside another is kept as an object with its
/// code, English and values.
/// </summary>
public static class StoredMessage
{
    /// <summary>The values of <paramref name="message"/> as JSON; null when it has no code (its English is all there is).</summary>
    public static string? Arguments(ValidationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Code.Length == 0 ? null : JsonSerializer.Serialize(ToJson(message.Arguments));
    }

    /// <summary>
    /// The message again from its stored parts; a row without a code (written before it had one) or with values that
    /// cannot be read is its English alone.
    /// </summary>
    public static ValidationMessage Read(string? code, string text, string? arguments)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(arguments))
        {
            return ValidationMessage.Plain(text);
        }

        try
        {
            using var json = JsonDocument.Parse(arguments);
            return json.RootElement.ValueKind == JsonValueKind.Array && FromJson(json.RootElement) is { } values
                ? new ValidationMessage(code, text, values)
                : ValidationMessage.Plain(text);
        }
        catch (JsonException)
        {
            return ValidationMessage.Plain(text);
        }
    }

    private static List<object> ToJson(IEnumerable<object> arguments) =>
    [
        .. arguments.Select(a => a switch
        {
            ValidationMessage inner => new Dictionary<string, object> { ["code"] = inner.Code, ["text"] = inner.Text, ["arguments"] = ToJson(inner.Arguments) },
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => (object)(a.ToString() ?? ""),
        }),
    ];

    private static List<object>? FromJson(JsonElement array)
    {
        var values = new List<object>();
        foreach (var element in array.EnumerateArray())
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    values.Add(element.GetString()!);
                    break;
                case JsonValueKind.Object when element.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                    && element.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                    && element.TryGetProperty("arguments", out var inner) && inner.ValueKind == JsonValueKind.Array
                    && FromJson(inner) is { } innerValues:
                    values.Add(code.GetString()!.Length == 0 ? ValidationMessage.Plain(text.GetString()!) : new ValidationMessage(code.GetString()!, text.GetString()!, innerValues));
                    break;
                default:
                    return null;
            }
        }

        return values;
    }
}
