using Microsoft.Extensions.Localization;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Resources;

namespace PortFwd.Web.Localization;

/// <summary>
/// The validator's field messages in the person's language. The validator is shared with the API, which answers in
/// English; a message with a code is looked up as "Validation.{code}" and filled with its values, and anything
/// without a code or a translation is shown as the validator wrote it.
/// </summary>
public static class ValidationText
{
    public const string KeyPrefix = "Validation.";

    public static IReadOnlyDictionary<string, string[]> Localize(RuleValidationError error, IStringLocalizer<Ui> text)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Localize(error.FieldErrors, error.FieldMessages, text);
    }

    /// <summary>
    /// Field messages in the person's language: <paramref name="messages"/> (the coded ones, the validator's or the conflict
    /// check's) when there are, else <paramref name="english"/> as it is.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Localize(IReadOnlyDictionary<string, string[]> english,
        IReadOnlyDictionary<string, ValidationMessage[]>? messages, IStringLocalizer<Ui> text)
    {
        ArgumentNullException.ThrowIfNull(english);
        ArgumentNullException.ThrowIfNull(text);
        return messages is null
            ? english
            : messages.ToDictionary(f => f.Key, f => Array.ConvertAll(f.Value, m => Localize(m, text)), StringComparer.Ordinal);
    }

    public static string Localize(ValidationMessage message, IStringLocalizer<Ui> text) => MessageText.Localize(message, text, KeyPrefix);
}
