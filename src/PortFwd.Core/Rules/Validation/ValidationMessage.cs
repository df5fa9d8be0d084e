using System.Globalization;

namespace PortFwd.Core.Rules.Validation;

/// <summary>
/// One field message: the English sentence the API answers, and, when the message has one, a stable code and the
/// values in it, so a page can say the same thing in the person's language (and fall back to <see cref="Text"/>).
/// </summary>
/// <param name="Code">The <see cref="MessageTemplate.Code"/>; empty for a message that has no template yet.</param>
/// <param name="Text">The sentence in English.</param>
/// <param name="Arguments">The values for the template's placeholders, in order.</param>
public sealed record ValidationMessage(string Code, string Text, IReadOnlyList<object> Arguments)
{
    /// <summary>A message that exists only in English.</summary>
    public static ValidationMessage Plain(string text) => new("", text, []);

    public override string ToString() => Text;

    /// <summary>Same code, text and values (compared in order), so a status that says the same again is not a change.</summary>
    public bool Equals(ValidationMessage? other) =>
        other is not null && Code == other.Code && Text == other.Text && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Code, Text, Arguments.Count);
}

/// <summary>A message with numbered placeholders ({0}, {1}…) under a stable code; the English format is the API's wording.</summary>
/// <param name="Code">Stable across versions: translations are keyed by it.</param>
/// <param name="English">The composite format, filled with invariant formatting (ports print as 8080, never 8.080).</param>
public sealed record MessageTemplate(string Code, string English)
{
    /// <summary>How many distinct placeholders the format has, so a translation can be checked against it.</summary>
    public int ArgumentCount { get; } = CountPlaceholders(English);

    public ValidationMessage With(params object[] arguments) =>
        new(Code, string.Format(CultureInfo.InvariantCulture, English, arguments), arguments);

    /// <summary>The templates a static class declares as fields, for a completeness test over its codes.</summary>
    public static IReadOnlyList<MessageTemplate> DeclaredIn(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return [.. type.GetFields().Where(f => f.IsStatic && f.FieldType == typeof(MessageTemplate)).Select(f => (MessageTemplate)f.GetValue(null)!)];
    }

    internal static int CountPlaceholders(string format)
    {
        var highest = -1;
        for (var i = 0; i < format.Length - 1; i++)
        {
            if (format[i] == '{' && format[i + 1] == '{')
            {
                i++;
            }
            else if (format[i] == '{' && char.IsAsciiDigit(format[i + 1]))
            {
                var end = i + 1;
                while (end < format.Length && char.IsAsciiDigit(format[end]))
                {
                    end++;
                }

                highest = Math.Max(highest, int.Parse(format.AsSpan(i + 1, end - i - 1), CultureInfo.InvariantCulture));
            }
        }

        return highest + 1;
    }
}
