using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.DynamicDns;

/// <summary>
/// What looking up a Dynamic DNS name found, with codes, so the panel (the Status page's names, the reachability check's
/// name step) says it in the person's language ("Msg.Ddns.{code}"); names and addresses stay as they are, as values.
/// </summary>
public static class DdnsMessages
{
    public static readonly MessageTemplate DoesNotResolve = new("Ddns.DoesNotResolve", "{0} does not resolve (no A record yet, or DNS cannot be reached).");
    public static readonly MessageTemplate LookupTooLong = new("Ddns.LookupTooLong", "Looking up {0} took too long.");
    public static readonly MessageTemplate PublicAddressUnknown = new("Ddns.PublicAddressUnknown", "{0} resolves to {1}; the public address is not known yet.");
    public static readonly MessageTemplate ResolvesToPublic = new("Ddns.ResolvesToPublic", "{0} resolves to the public address {1}.");
    public static readonly MessageTemplate ResolvesElsewhere = new("Ddns.ResolvesElsewhere",
        "{0} resolves to {1}, not the public address {2} (an update may still be on its way through DNS caches).");
    public static readonly MessageTemplate ResolvesToNothing = new("Ddns.ResolvesToNothing",
        "{0} resolves to nothing, not the public address {1} (an update may still be on its way through DNS caches).");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(DdnsMessages));
}
