using System.Text.Json;
using PortFwd.Core.Blocklist;
using PortFwd.Core.Rules;

namespace PortFwd.Web.Backup;

/// <summary>
/// A backup of everything a user configured (<c>GET /api/backup</c>), in the REST API's own words: each rule as
/// <c>POST /api/rules</c> takes it, each Dynamic DNS name as <c>POST /api/ddns</c> takes it (its secrets only encrypted,
/// and only when a passphrase was given), each blocklist entry as <c>POST /api/blocklist</c> takes it, and the settings
/// saved on the panel as <c>PUT /api/settings</c> takes them.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Version">Always <see cref="CurrentVersion"/>: what this panel writes and reads.</param>
/// <param name="CreatedAt">When the backup was made.</param>
/// <param name="Encryption">How the secrets are encrypted; null when the backup holds none.</param>
public sealed record BackupDocument(
    string Format,
    int Version,
    DateTimeOffset CreatedAt,
    BackupEncryption? Encryption,
    IReadOnlyList<RuleDraft> Rules,
    IReadOnlyList<BackupDdnsName> Ddns,
    IReadOnlyList<BlocklistDraft> Blocklist,
    IReadOnlyDictionary<string, JsonElement> Settings)
{
    public const string FormatName = "portfwd-backup";

    public const int CurrentVersion = 1;
}

/// <summary>
/// A Dynamic DNS name as <c>POST /api/ddns</c> takes it, but with its password and token encrypted with the backup's
/// passphrase (<see cref="BackupEncryption"/>), or left out.
/// </summary>
public sealed record BackupDdnsName(
    string? Provider,
    string? Hostname,
    string? Username,
    string? Server,
    bool Ipv4,
    bool Ipv6,
    bool Enabled,
    DateOnly? ConfirmBy,
    string? EncryptedPassword,
    string? EncryptedToken);
