using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Localization;
using PortFwd.Web.Resources;

namespace PortFwd.Web.Backup;

/// <summary>What a restore does to one item.</summary>
public enum RestoreChangeKind
{
    Added,
    Changed,
    Removed,
}

/// <summary>The parts of the configuration a backup holds, as the document names them.</summary>
public static class BackupSections
{
    /// <summary>The document itself (its format, version, passphrase).</summary>
    public const string Document = "document";

    public const string Rules = "rules";

    public const string Ddns = "ddns";

    public const string Blocklist = "blocklist";

    public const string Settings = "settings";
}

/// <summary>One item a restore adds, changes or removes.</summary>
/// <param name="Section">rules, ddns, blocklist or settings.</param>
/// <param name="Change">added, changed or removed.</param>
/// <param name="Name">The rule's name, the Dynamic DNS host name, the blocked address or network, the setting's field name.</param>
public sealed record RestoreChange(string Section, RestoreChangeKind Change, string Name);

/// <summary>Why a backup cannot be restored.</summary>
/// <param name="Section">The part of the backup it concerns (<see cref="BackupSections"/>); document for the file as a whole.</param>
/// <param name="Index">The item's 0-based place in its list; null for the document or a setting.</param>
/// <param name="Item">The item's name as the backup has it, when it has one.</param>
/// <param name="Field">The field, named as the API names it (format, version, passphrase for the document).</param>
/// <param name="Message">What is wrong, in the words the forms and the API use.</param>
public sealed record RestoreProblem(string Section, int? Index, string? Item, string Field, string Message)
{
    /// <summary>The same as <see cref="Message"/>, with codes and values, for the panel's languages; null when it has none.</summary>
    [JsonIgnore]
    public RestoreWords? Said { get; init; }
}

/// <summary>A problem's messages (said one after the other) and the resource prefix their codes are under.</summary>
/// <param name="KeyPrefix">"Msg." for the restore's and the blocklist's own messages, "Validation." for a rule's.</param>
public sealed record RestoreWords(IReadOnlyList<ValidationMessage> Messages, string KeyPrefix)
{
    /// <summary>The messages in the person's language, one after the other as the English has them.</summary>
    public string Say(IStringLocalizer<Ui> text) => string.Join(" ", Messages.Select(m => MessageText.Localize(m, text, KeyPrefix)));
}

/// <summary>What a restore changes (or would change), and what stands in the way; nothing is restored while any problem is left.</summary>
/// <param name="Restored">Whether the configuration was replaced.</param>
public sealed record RestorePlan(IReadOnlyList<RestoreChange> Changes, IReadOnlyList<RestoreProblem> Problems, bool Restored)
{
    public bool CanRestore => Problems.Count == 0;

    public static RestorePlan Refused(params RestoreProblem[] problems) => new([], problems, false);
}
