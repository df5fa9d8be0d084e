using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Data.Storage;

/// <summary>
/// A coded message kept in a text column beside its English: the code, the English and the values, as JSON, so a page
/// can say it again in another language. Values are kept as text (the English already holds their formatting) or, for a
/// message inside the message, as one of these again.
/// </summary>
public static class StoredMessage
{
    private const string CodeName = "code";
    private const string TextName = "text";
    private const string ValuesName = "values";

    /// <summary>The JSON of <paramref name="message"/>; null for a message without a code, which only its English says.</summary>
    public static string? Write(ValidationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Code.Length == 0 ? null : ToNode(message).ToJsonString();
    }

    /// <summary>The message <see cref="Write"/> kept; null for none, or for text that is not one (the English is shown then).</summary>
    public static ValidationMessage? Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) is JsonObject node ? FromNode(node) : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static JsonObject ToNode(ValidationMessage message) => new()
    {
        [CodeName] = message.Code,
        [TextName] = message.Text,
        [ValuesName] = new JsonArray([.. message.Arguments.Select(a => a is ValidationMessage inner
            ? (JsonNode)ToNode(inner)
            : JsonValue.Create(Convert.ToString(a, CultureInfo.InvariantCulture) ?? ""))]),
    };

    private static ValidationMessage? FromNode(JsonObject node)
    {
        if (node[CodeName]?.GetValue<string>() is not { } code || node[TextName]?.GetValue<string>() is not { } text || node[ValuesName] is not JsonArray values)
        {
            return null;
        }

        var arguments = new List<object>();
        foreach (var value in values)
        {
            object? argument = value is JsonObject inner ? FromNode(inner) : value?.GetValue<string>();
            if (argument is null)
            {
                return null;
            }

            arguments.Add(argument);
        }

        return new ValidationMessage(code, text, arguments);
    }
}
