using Microsoft.Extensions.Localization;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import;
using PortFwd.Web.Resources;

namespace PortFwd.Web.Localization;

/// <summary>
/// What an import says about a line, in the person's language: its own messages are "Msg.Import.{code}", and a rule's
/// validation messages inside them keep their "Validation.{code}" translations.
/// </summary>
public static class ImportText
{
    private const string CodePrefix = "Import.";

    public static string Localize(ValidationMessage? message, string english, IStringLocalizer<Ui> text) =>
        message is null ? english : Localize(message, text);

    private static string Localize(ValidationMessage message, IStringLocalizer<Ui> text)
    {
        if (!message.Code.StartsWith(CodePrefix, StringComparison.Ordinal))
        {
            return ValidationText.Localize(message, text);
        }

        // The parts are said first, each under its own prefix; the import's sentence then takes them as they read.
        object[] parts = [.. message.Arguments.Select(a => a is ValidationMessage inner ? Localize(inner, text) : a)];
        return MessageText.Localize(message with { Arguments = parts }, text, MessageText.ServicePrefix);
    }
}
