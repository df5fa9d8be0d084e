using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// What a rule's status says, with codes, so the panel shows it in the person's language ("Msg.Rule.{code}") while
/// <c>GET /api/rules/{id}/status</c> answers the English. The relay's and the HTTP hosts' failures keep their own
/// codes (<see cref="Relay.Rules.RelayError.Code"/>); <see cref="FromRelay"/> turns them into these.
/// </summary>
public static class RuleStatusMessages
{
    public static readonly MessageTemplate Pending = new("Rule.Pending", "Saved; being applied.");
    public static readonly MessageTemplate TurnedOff = new("Rule.TurnedOff", "The rule is turned off.");

    public static readonly MessageTemplate OffBySchedule = new("Rule.OffBySchedule", "Off by schedule.");
    public static readonly MessageTemplate OffUntilToday = new("Rule.OffUntilToday", "Off by schedule until {0:HH:mm}");
    public static readonly MessageTemplate OffUntilDay = new("Rule.OffUntilDay", "Off by schedule until {0:ddd} {0:HH:mm}");
    public static readonly MessageTemplate OffUntilNextWeek = new("Rule.OffUntilNextWeek", "Off by schedule until next {0:ddd} {0:HH:mm}");

    public static readonly MessageTemplate PortInUse = new("Rule.PortInUse", "Port {0} is already in use by another program{1}");
    public static readonly MessageTemplate PermissionDenied = new("Rule.PermissionDenied",
        "Permission denied for port {0} (run with CAP_NET_BIND_SERVICE or use a port above 1023)");
    public static readonly MessageTemplate AddressNotAvailable = new("Rule.AddressNotAvailable", "Address {0} not available on this machine");
    public static readonly MessageTemplate AddressFamilyNotSupported = new("Rule.AddressFamilyNotSupported", "Address {0} not available: IPv{1} is not supported here");
    public static readonly MessageTemplate CannotListen = new("Rule.CannotListen", "Cannot listen on port {0}{1}: {2}");
    public static readonly MessageTemplate TargetNotResolved = new("Rule.TargetNotResolved", "Target host name '{0}' does not resolve");
    public static readonly MessageTemplate ListenAddressInvalid = new("Rule.ListenAddressInvalid",
        "The listen address \"{0}\" is not an IP address; edit the rule and enter one of this machine's addresses, or leave it empty for all addresses.");

    /// <summary>{0} is the redirect port's own failure (one of the messages above, lower-cased as a clause in English).</summary>
    public static readonly MessageTemplate RedirectCannotListen = new("Rule.RedirectCannotListen", "HTTPS answers, but the redirect from plain HTTP cannot: {0}.");

    public static readonly MessageTemplate CertificateWaitingOff = new("Rule.CertificateWaitingOff", "Waiting for its certificate: {0}");
    public static readonly MessageTemplate CertificateAcmeFailed = new("Rule.CertificateAcmeFailed", "No certificate from the ACME CA yet: {0} Next try {1:yyyy-MM-dd HH:mm} UTC.");
    public static readonly MessageTemplate CertificateWaiting = new("Rule.CertificateWaiting",
        "Waiting for its certificate from the ACME CA (Let's Encrypt); HTTPS answers this rule's names once it is issued. Other rules on the port keep working.");
    public static readonly MessageTemplate CertificateUploadedMissing = new("Rule.CertificateUploadedMissing",
        "Its uploaded certificate cannot be loaded (deleted, or its key unreadable after the data folder's keys changed); upload it again.");
    public static readonly MessageTemplate CertificateSelfSignedMissing = new("Rule.CertificateSelfSignedMissing",
        "Its self-signed certificate cannot be made or loaded; see the panel's log.");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(RuleStatusMessages));

    /// <summary>
    /// A relay (or HTTP port) failure as a status sentence: its English capitalized, as the API has always said it, and its
    /// code and values when it has a template here.
    /// </summary>
    public static ValidationMessage FromRelay(string code, string message, IReadOnlyList<object> arguments)
    {
        var text = message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..];
        return All.FirstOrDefault(t => t.Code == "Rule." + code) is { } template && template.ArgumentCount == arguments.Count
            ? new ValidationMessage(template.Code, text, arguments)
            : ValidationMessage.Plain(text);
    }
}
