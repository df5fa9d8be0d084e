using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.Blocklist;

/// <summary>The outcome of checking a <see cref="BlocklistDraft"/>: a normalized entry, or messages per field (<see cref="BlocklistFields"/>).</summary>
public sealed record BlocklistValidationResult(BlocklistEntry? Entry, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>The same as <see cref="Errors"/>, with codes and values, for the panel's languages.</summary>
    public IReadOnlyDictionary<string, ValidationMessage[]>? Messages { get; init; }

    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Checks a blocklist entry as typed, for the page and the API alike: the address (an IPv4 or IPv6 address, or a
/// network in CIDR form, normalized), the note and the expiry; every mistake shows at once.
/// </summary>
/// <remarks>
/// Refused on purpose: a network with bits set past its prefix (10.0.0.7/24 names the network it probably meant,
/// 10.0.0.0/24); an IPv4-mapped IPv6 address (IPv4 clients are matched as IPv4, so it would block nothing: write the
/// IPv4 form); and any network holding 127.0.0.1 or ::1 — nothing from outside comes from there, but this machine's own
/// programs do (a local client, the reachability check's local step), and blocking "0.0.0.0/0" would refuse everyone.
/// Other loopback addresses (127.0.0.2) may be blocked: they are how a block is tried out on one machine.
/// </remarks>
public static class BlocklistEntryValidator
{
    private static readonly IPAddress[] ThisMachine = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    public static BlocklistValidationResult Validate(BlocklistDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new Dictionary<string, ValidationMessage[]>();
        var network = CheckAddress(draft.Address?.Trim(), errors);

        var note = string.IsNullOrWhiteSpace(draft.Note) ? null : draft.Note.Trim();
        if (note is { Length: > BlocklistLimits.MaxNoteLength })
        {
            errors[BlocklistFields.Note] = [BlocklistMessages.NoteTooLong.With(BlocklistLimits.MaxNoteLength, note.Length)];
        }

        if (draft.ExpiresAt is { } expires && expires <= now)
        {
            errors[BlocklistFields.ExpiresAt] = [BlocklistMessages.ExpiryPast.With()];
        }

        if (errors.Count > 0 || network is not { } blocked)
        {
            return new BlocklistValidationResult(null, BlocklistMessages.English(errors)) { Messages = errors };
        }

        return new BlocklistValidationResult(
            new BlocklistEntry { Network = BlocklistText.Normalize(blocked), Note = note, ExpiresAt = draft.ExpiresAt?.ToUniversalTime(), CreatedAt = now },
            new Dictionary<string, string[]>());
    }

    private static IPNetwork? CheckAddress(string? text, Dictionary<string, ValidationMessage[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            errors[BlocklistFields.Address] = [BlocklistMessages.AddressMissing.With()];
            return null;
        }

        if (!AddressText.TryParseNetwork(text, out var network, out ValidationMessage problem))
        {
            errors[BlocklistFields.Address] = [problem];
            return null;
        }

        if (network.BaseAddress.IsIPv4MappedToIPv6)
        {
            var v4 = new IPNetwork(network.BaseAddress.MapToIPv4(), Math.Max(0, network.PrefixLength - 96));
            errors[BlocklistFields.Address] = [BlocklistMessages.MappedAddress.With(text, BlocklistText.Normalize(v4))];
            return null;
        }

        if (Array.Find(ThisMachine, network.Contains) is { } own)
        {
            errors[BlocklistFields.Address] = [BlocklistMessages.ThisMachine.With(BlocklistText.Normalize(network), own)];
            return null;
        }

        return network;
    }
}
