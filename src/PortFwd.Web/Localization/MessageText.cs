using System.Globalization;
using Microsoft.Extensions.Localization;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Resources;

namespace PortFwd.Web.Localization;

/// <summary>
/// A coded message in the person's language. Validators and services write English (what the API answers) with a code
/// and the values in it; the panel looks the code up under a prefix ("Validation.", "Msg.") and fills the translation
/// with the same values. A message without a code or a translation is shown as it was written.
/// </summary>
public static class MessageText
{
    /// <summary>The resource prefix of messages that services write (rule and router status, account flows).</summary>
    public const string ServicePrefix = "Msg.";

    public static string Localize(ValidationMessage message, IStringLocalizer<Ui> text, string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(text);
        if (message.Code.Length == 0 || text[keyPrefix + message.Code] is not { ResourceNotFound: false } format)
        {
            return message.Text;
        }

        // A message may carry another as a value ("the redirect cannot: {0}"): that one is shown in the same language.
        var arguments = message.Arguments.Select(a => a is ValidationMessage inner ? Localize(inner, text, keyPrefix) : a).ToArray();
        try
        {
            return string.Format(CultureInfo.CurrentCulture, format.Value, arguments);
        }
        catch (FormatException)
        {
            // A translation that asks for a value the message does not have: the English is still right.
            return message.Text;
        }
    }

    /// <summary>A service's message as the panel shows it: translated when it has a code, else its English.</summary>
    public static string? Service(ValidationMessage? message, string? english, IStringLocalizer<Ui> text) =>
        message is null ? english : Localize(message, text, ServicePrefix);
}
