using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.HomeRouter;

/// <summary>
/// What the router summary and each rule's router part say, with codes, so the panel shows them in the person's
/// language ("Msg.Router.{code}") while <c>/api/router</c> and the rule status API answer the English. The router's own
/// words (its error codes, "ConflictInMappingEntry (718)") stay as they came, as values.
/// </summary>
public static class RouterMessages
{
    public static readonly MessageTemplate Off = new("Router.Off",
        "The router client is switched off (on the Settings page, or PortFwd:Router:Enabled is false); rules marked \"Open on router\" are not opened there.");
    public static readonly MessageTemplate Searching = new("Router.Searching", "Looking for the router…");
    public static readonly MessageTemplate NotFound = new("Router.NotFound", "No router found. {0}");
    public static readonly MessageTemplate StoppedAnswering = new("Router.StoppedAnswering", "The router stopped answering: {0}");
    public static readonly MessageTemplate MissedCheck = new("Router.MissedCheck", "The router did not answer the last check: {0}");
    public static readonly MessageTemplate Found = new("Router.Found", "Found {0} ({1}).");

    public static readonly MessageTemplate Asking = new("Router.Asking", "Asking the router to open the port…");
    public static readonly MessageTemplate Refused = new("Router.Refused", "The router refused: {0}");
    public static readonly MessageTemplate OpenAt = new("Router.OpenAt", "Open on the router at {0}");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(RouterMessages));

    /// <summary>The discoverer's "No router found. …" with its reasons as the value; any other failure as it came.</summary>
    public static ValidationMessage NotFoundBecause(string message)
    {
        const string prefix = "No router found. ";
        return message.StartsWith(prefix, StringComparison.Ordinal)
            ? new ValidationMessage(NotFound.Code, message, [message[prefix.Length..]])
            : ValidationMessage.Plain(message);
    }
}
