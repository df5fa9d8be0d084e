using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Backup;

/// <summary>
/// Why a backup file cannot be read, with codes, so the panel says it in the person's language ("Msg.Restore.{code}")
/// while <c>/api/restore</c> answers the English.
/// </summary>
public static class RestoreMessages
{
    public static readonly MessageTemplate NotAnObject = new("Restore.NotAnObject",
        "The file is not a PortFwd backup: a backup is a JSON object with \"format\": \"portfwd-backup\".");
    public static readonly MessageTemplate WrongFormat = new("Restore.WrongFormat",
        "The file is not a PortFwd backup: its format must be \"portfwd-backup\" (download one from the System page or GET /api/backup).");
    public static readonly MessageTemplate WrongVersion = new("Restore.WrongVersion", "The backup is of version {0}; this panel reads version {1}.");
    public static readonly MessageTemplate NoVersion = new("Restore.NoVersion", "(none)");
    public static readonly MessageTemplate NoList = new("Restore.NoList", "The backup has no {0} list; a backup lists them even when there are none ([]).");
    public static readonly MessageTemplate NoSettings = new("Restore.NoSettings",
        "The backup has no settings object; a backup has one even when nothing is saved ({{}}).");
    public static readonly MessageTemplate EmptyItem = new("Restore.EmptyItem", "Item {0} of the backup's {1} is empty (null).");
    public static readonly MessageTemplate WrongTypeWhole = new("Restore.WrongTypeWhole",
        "The backup is not of the type the API takes there; fix it or download the backup again.");
    public static readonly MessageTemplate WrongType = new("Restore.WrongType", "{0} is not of the type the API takes there; fix it or download the backup again.");
    public static readonly MessageTemplate NoEncryption = new("Restore.NoEncryption", "The backup has encrypted secrets but no encryption parameters.");
    public static readonly MessageTemplate PassphraseNeeded = new("Restore.PassphraseNeeded",
        "This backup holds encrypted Dynamic DNS passwords and tokens: give the passphrase it was made with.");
    public static readonly MessageTemplate PassphraseWrong = new("Restore.PassphraseWrong",
        "The passphrase does not open this backup's secrets; give the one it was made with. Nothing was restored.");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(RestoreMessages));
}
