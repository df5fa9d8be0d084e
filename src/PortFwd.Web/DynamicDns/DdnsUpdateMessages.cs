using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.DynamicDns;

/// <summary>
/// What an update of a Dynamic DNS name came to, with codes, so the panel (the Dynamic DNS page's results and history)
/// says it in the person's language ("Msg.Ddns.Update.{code}"); the English is what the API answers. Host names,
/// provider names, HTTP statuses and the provider's own words and answer codes ("good", "KO") stay as they came, as values.
/// </summary>
public static class DdnsUpdateMessages
{
    // Any provider's HTTP answers ({0} the provider).
    public static readonly MessageTemplate CredentialsRefused = new("Ddns.Update.CredentialsRefused", "{0} refused the credentials ({1}); check them and save the name again.");
    public static readonly MessageTemplate NoUpdateService = new("Ddns.Update.NoUpdateService", "{0} has no update service at this address (404); check the server URL.");
    public static readonly MessageTemplate SlowDown = new("Ddns.Update.SlowDown", "{0} asks to slow down (429); trying again later.");
    public static readonly MessageTemplate ServerError = new("Ddns.Update.ServerError", "{0} had a server error ({1}); trying again later.");
    public static readonly MessageTemplate UnknownStatus = new("Ddns.Update.UnknownStatus", "{0} answered {1}, which the panel does not understand; check the server URL.");
    public static readonly MessageTemplate Unreachable = new("Ddns.Update.Unreachable", "{0} could not be reached ({1}); trying again later.");
    public static readonly MessageTemplate TimedOut = new("Ddns.Update.TimedOut", "{0} did not answer in time; trying again later.");

    // Why a provider could not be reached: the value inside Unreachable.
    public static readonly MessageTemplate NameDoesNotResolve = new("Ddns.Update.NameDoesNotResolve", "its name does not resolve");
    public static readonly MessageTemplate ConnectionFailed = new("Ddns.Update.ConnectionFailed", "the connection was refused or dropped");
    public static readonly MessageTemplate SecureConnectionFailed = new("Ddns.Update.SecureConnectionFailed", "the secure connection failed");
    public static readonly MessageTemplate NoValidAnswer = new("Ddns.Update.NoValidAnswer", "it gave no valid answer");
    public static readonly MessageTemplate AnswerTooLarge = new("Ddns.Update.AnswerTooLarge", "its answer was too large");
    public static readonly MessageTemplate NetworkError = new("Ddns.Update.NetworkError", "network error");

    // The dyndns2 answers ({0} the answer word, {1} the provider); Done is DuckDNS's OK too.
    public static readonly MessageTemplate Done = new("Ddns.Update.Done", "{0}: {1} now points the name at the address.");
    public static readonly MessageTemplate AlreadyHad = new("Ddns.Update.AlreadyHad", "{0}: {1} already had this address.");
    public static readonly MessageTemplate NoHost = new("Ddns.Update.NoHost", "{0}: {1} has no such host name in this account; check the host name.");
    public static readonly MessageTemplate BadAuth = new("Ddns.Update.BadAuth", "{0}: {1} refused the user name or password; type them again to resume.");
    public static readonly MessageTemplate PayingOnly = new("Ddns.Update.PayingOnly", "{0}: {1} offers this only to paying accounts.");
    public static readonly MessageTemplate NotFullName = new("Ddns.Update.NotFullName", "{0}: {1} says the host name is not a full name (such as home.example.net).");
    public static readonly MessageTemplate SeveralNames = new("Ddns.Update.SeveralNames", "{0}: {1} refused an update of several names at once.");
    public static readonly MessageTemplate NotYours = new("Ddns.Update.NotYours", "{0}: the host name belongs to another {1} account.");
    public static readonly MessageTemplate BadAgent = new("Ddns.Update.BadAgent", "{0}: {1} blocked this client; set PortFwd:DynamicDns:Contact and save the name again.");
    public static readonly MessageTemplate Abuse = new("Ddns.Update.Abuse", "{0}: {1} blocked the host name for too many updates; unblock it on {1}'s site, then save the name again.");
    public static readonly MessageTemplate ProviderTrouble = new("Ddns.Update.ProviderTrouble", "{0}: {1} has a problem on its side; trying again in 30 minutes.");
    public static readonly MessageTemplate ProviderDnsTrouble = new("Ddns.Update.ProviderDnsTrouble", "{0}: {1} has a DNS problem on its side; trying again in 30 minutes.");
    public static readonly MessageTemplate NotDyndns2 = new("Ddns.Update.NotDyndns2", "{0} gave an answer the dyndns2 protocol does not have ('{1}'); check the server URL.");

    // DuckDNS ({0} its answer word).
    public static readonly MessageTemplate DuckDnsRefused = new("Ddns.Update.DuckDnsRefused", "{0}: DuckDNS refused the token or the name; check both and save the name again.");
    public static readonly MessageTemplate NotDuckDns = new("Ddns.Update.NotDuckDns", "DuckDNS gave an answer other than OK or KO; check the server URL.");

    // Cloudflare ({0} the record type, A or AAAA, where there is one).
    public static readonly MessageTemplate NoZone = new("Ddns.Update.NoZone", "Cloudflare has no zone holding {0} that this token can see; check the name and the token's zone permissions.");
    public static readonly MessageTemplate RecordCreated = new("Ddns.Update.RecordCreated", "Cloudflare created the {0} record of {1} with the address.");
    public static readonly MessageTemplate RecordAlreadyHad = new("Ddns.Update.RecordAlreadyHad", "Cloudflare's {0} record already had this address.");
    public static readonly MessageTemplate RecordChanged = new("Ddns.Update.RecordChanged", "Cloudflare's {0} record now has the address.");
    public static readonly MessageTemplate TokenRefused = new("Ddns.Update.TokenRefused",
        "Cloudflare refused the API token ({0}); it needs Zone:Read and DNS:Edit on the name's zone. Type a new token to resume.");
    public static readonly MessageTemplate ChangeRefused = new("Ddns.Update.ChangeRefused", "Cloudflare refused the change: {0}.");
    public static readonly MessageTemplate ChangeRefusedStatus = new("Ddns.Update.ChangeRefusedStatus", "Cloudflare refused the change: status {0}.");
    public static readonly MessageTemplate NotCloudflareJson = new("Ddns.Update.NotCloudflareJson",
        "Cloudflare answered {0} with something other than its API's JSON; check the server URL.");

    // The updater's own.
    public static readonly MessageTemplate NoAddress = new("Ddns.Update.NoAddress", "There was no address to send.");
    public static readonly MessageTemplate TooSoon = new("Ddns.Update.TooSoon",
        "An update was sent less than a minute ago; providers block clients that update more often. Try again in a minute.");
    public static readonly MessageTemplate SecretUnreadable = new("Ddns.Update.SecretUnreadable",
        "The stored password or token cannot be read (the panel's encryption keys changed); type it again.");
    public static readonly MessageTemplate NoPublicAddress = new("Ddns.Update.NoPublicAddress",
        "The public address is not known yet: the router gives none and no echo service answered.");
    public static readonly MessageTemplate NoIpv6 = new("Ddns.Update.NoIpv6", "This machine has no global IPv6 address, so the AAAA record was not updated.");

    /// <summary>Two results said one after the other (the A and the AAAA record, a result and why the AAAA record was left).</summary>
    public static readonly MessageTemplate Joined = new("Ddns.Update.Joined", "{0} {1}");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(DdnsUpdateMessages));
}
