using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.Blocklist;

/// <summary>
/// Why a blocklist entry is refused, with codes, so the panel says it in the person's language ("Msg.Blocklist.{code}")
/// while <c>/api/blocklist</c> answers the English.
/// </summary>
public static class BlocklistMessages
{
    public static readonly MessageTemplate NotAnAddress = new("Blocklist.NotAnAddress", "\"{0}\" is not an address or network; use forms like 203.0.113.7 or 203.0.113.0/24.");
    public static readonly MessageTemplate BadPrefix = new("Blocklist.BadPrefix", "\"{0}\" has a bad prefix length; after the \"/\" put a number from 0 to {1}.");
    public static readonly MessageTemplate BitsPastPrefix = new("Blocklist.BitsPastPrefix", "\"{0}\" has bits set past the /{1} prefix; did you mean {2}?");
    public static readonly MessageTemplate AddressMissing = new("Blocklist.AddressMissing", "Give the address or network to block, such as 203.0.113.7 or 203.0.113.0/24.");
    public static readonly MessageTemplate MappedAddress = new("Blocklist.MappedAddress",
        "\"{0}\" is an IPv4 address written as IPv6; IPv4 clients are matched as IPv4, so block {1} instead.");
    public static readonly MessageTemplate ThisMachine = new("Blocklist.ThisMachine",
        "{0} holds {1}, this machine's own address: no client from outside comes from it, and programs on this machine would be refused. Block the outside address or network instead.");
    public static readonly MessageTemplate NoteTooLong = new("Blocklist.NoteTooLong", "The note can be at most {0} characters; it has {1}.");
    public static readonly MessageTemplate ExpiryPast = new("Blocklist.ExpiryPast", "The expiry must be in the future; leave it empty to block until the entry is deleted.");
    public static readonly MessageTemplate Full = new("Blocklist.Full", "The blocklist holds at most {0} entries; delete some, or block a wider network.");
    public static readonly MessageTemplate Duplicate = new("Blocklist.Duplicate", "{0} is already on the blocklist.");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(BlocklistMessages));

    /// <summary>Messages per field as the API answers them: the English.</summary>
    public static IReadOnlyDictionary<string, string[]> English(IReadOnlyDictionary<string, ValidationMessage[]> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.ToDictionary(f => f.Key, f => Array.ConvertAll(f.Value, m => m.Text), StringComparer.Ordinal);
    }
}
