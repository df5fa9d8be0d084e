using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PortFwd.Core.Blocklist;
using PortFwd.Core.DynamicDns;
using PortFwd.Data.DynamicDns;
using PortFwd.Data.Rules;
using PortFwd.Web.Blocklist;
using PortFwd.Web.Settings;

namespace PortFwd.Web.Backup;

/// <summary>
/// Makes a <see cref="BackupDocument"/> of the configuration as it is now. Dynamic DNS passwords and tokens are in it
/// only with a passphrase, and then only encrypted with it (<see cref="BackupEncryption"/>). The API and the System page both go through here.
/// </summary>
public sealed class ConfigurationBackup(
    RuleStore rules,
    DdnsStore ddns,
    IDdnsSecrets secrets,
    BlocklistService blocklist,
    PanelSettings settings,
    IOptions<JsonOptions> json,
    TimeProvider time)
{
    /// <summary>The backup; with a <paramref name="passphrase"/>, the secrets too, encrypted with it.</summary>
    public async Task<BackupDocument> CreateAsync(string? passphrase, CancellationToken cancellationToken)
    {
        var encryption = passphrase is null ? null : BackupEncryption.New();
        var key = encryption?.DeriveKey(passphrase!);
        var names = await ddns.GetAllAsync(cancellationToken);
        return new BackupDocument(
            BackupDocument.FormatName,
            BackupDocument.CurrentVersion,
            time.GetUtcNow(),
            encryption,
            [.. (await rules.GetAllAsync(cancellationToken)).OrderBy(r => r.Id).Select(r => r.ToDraft())],
            [.. names.Select(n => new BackupDdnsName(n.Provider.ToName(), n.HostName, n.Username, n.Server, n.Ipv4, n.Ipv6, n.Enabled, n.ConfirmBy,
                Sealed(key, n.ProtectedPassword), Sealed(key, n.ProtectedToken)))],
            [.. (await blocklist.ListAsync(cancellationToken)).Select(b => new BlocklistDraft { Address = b.Entry.Network, Note = b.Entry.Note, ExpiresAt = b.Entry.ExpiresAt })],
            settings.Current().Where(s => s.Source == SettingSource.Panel)
                .ToDictionary(s => s.Field.Name, s => JsonSerializer.SerializeToElement(s.Value, json.Value.SerializerOptions), StringComparer.Ordinal));
    }

    /// <summary>What a passphrase must be to make a backup with; null when it will do.</summary>
    public static string? PassphraseProblem(string? passphrase) =>
        passphrase is null || passphrase.Length >= BackupEncryption.MinPassphraseLength ? null
            : $"The passphrase must be at least {BackupEncryption.MinPassphraseLength} characters; it is what keeps the secrets in the file safe.";

    /// <summary>The file name a download suggests: portfwd-backup-20261202-0300.json.</summary>
    public string FileName() => $"portfwd-backup-{time.GetLocalNow():yyyyMMdd-HHmm}.json";

    /// <summary>A stored secret encrypted with the backup's key; null without a key, or when the stored one cannot be read (its keys were lost).</summary>
    private string? Sealed(BackupEncryption.BackupKey? key, string? protectedSecret) =>
        key is null || protectedSecret is null || secrets.Unprotect(protectedSecret) is not { } secret ? null : key.Encrypt(secret);
}
