using System.Text.Json;

namespace PortFwd.Web.Backup;

/// <summary>
/// Reads a backup file before anything is compared with it: that it is a PortFwd backup of a version this panel reads,
/// with every list in place and every field of the type the API takes, and its secrets opened with the passphrase.
/// Each refusal is one <see cref="RestoreProblem"/> about the document, naming the field (format, version, passphrase…).
/// </summary>
internal static class BackupReader
{
    public sealed record ReadResult(BackupDocument? Document, RestoreProblem? Problem);

    /// <summary>The document, when it is a PortFwd backup of a version this panel reads with every list in place.</summary>
    public static ReadResult Read(JsonElement backup, JsonSerializerOptions options)
    {
        static ReadResult Fail(string field, string message) => new(null, new RestoreProblem(BackupSections.Document, null, null, field, message));

        if (backup.ValueKind != JsonValueKind.Object)
        {
            return Fail("format", "The file is not a PortFwd backup: a backup is a JSON object with \"format\": \"portfwd-backup\".");
        }

        if (!backup.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != BackupDocument.FormatName)
        {
            return Fail("format", "The file is not a PortFwd backup: its format must be \"portfwd-backup\" (download one from the System page or GET /api/backup).");
        }

        if (!backup.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number)
            || number != BackupDocument.CurrentVersion)
        {
            return Fail("version", $"The backup is of version {(backup.TryGetProperty("version", out var v) ? v.GetRawText() : "(none)")}; this panel reads version {BackupDocument.CurrentVersion}.");
        }

        foreach (var list in new[] { BackupSections.Rules, BackupSections.Ddns, BackupSections.Blocklist })
        {
            if (!backup.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array)
            {
                return Fail(list, $"The backup has no {list} list; a backup lists them even when there are none ([]).");
            }
        }

        if (!backup.TryGetProperty(BackupSections.Settings, out var saved) || saved.ValueKind != JsonValueKind.Object)
        {
            return Fail(BackupSections.Settings, "The backup has no settings object; a backup has one even when nothing is saved ({}).");
        }

        try
        {
            var document = backup.Deserialize<BackupDocument>(options)!;
            var empty = new (string List, int Index)[]
            {
                (BackupSections.Rules, document.Rules.ToList().IndexOf(null!)),
                (BackupSections.Ddns, document.Ddns.ToList().IndexOf(null!)),
                (BackupSections.Blocklist, document.Blocklist.ToList().IndexOf(null!)),
            }.FirstOrDefault(e => e.Index >= 0);
            return empty.List is null ? new(document, null) : Fail($"{empty.List}[{empty.Index}]", $"Item {empty.Index + 1} of the backup's {empty.List} is empty (null).");
        }
        catch (JsonException e)
        {
            var path = (e.Path ?? "").TrimStart('$', '.');
            return Fail(path.Length == 0 ? "body" : path, $"{(path.Length == 0 ? "The backup" : path)} is not of the type the API takes there; fix it or download the backup again.");
        }
    }

    public sealed record UnsealResult(IReadOnlyList<(string? Password, string? Token)> Secrets, RestoreProblem? Problem);

    /// <summary>Each name's secrets decrypted with the passphrase; a problem when the backup has secrets and the passphrase does not open them.</summary>
    public static UnsealResult Unseal(BackupDocument document, string? passphrase)
    {
        static UnsealResult Fail(string field, string message) => new([], new RestoreProblem(BackupSections.Document, null, null, field, message));

        var none = document.Ddns.Select(_ => ((string?)null, (string?)null)).ToList();
        if (!document.Ddns.Any(n => n.EncryptedPassword is not null || n.EncryptedToken is not null))
        {
            return new(none, null);
        }

        if (document.Encryption is not { } encryption || encryption.Problem() is { } problem)
        {
            return Fail("encryption", document.Encryption is null ? "The backup has encrypted secrets but no encryption parameters." : document.Encryption.Problem()!);
        }

        if (string.IsNullOrEmpty(passphrase))
        {
            return Fail("passphrase", "This backup holds encrypted Dynamic DNS passwords and tokens: give the passphrase it was made with.");
        }

        var key = encryption.DeriveKey(passphrase);
        var opened = new List<(string?, string?)>(document.Ddns.Count);
        foreach (var name in document.Ddns)
        {
            var password = name.EncryptedPassword is { } p ? key.Decrypt(p) : null;
            var token = name.EncryptedToken is { } t ? key.Decrypt(t) : null;
            if ((name.EncryptedPassword is not null && password is null) || (name.EncryptedToken is not null && token is null))
            {
                return Fail("passphrase", "The passphrase does not open this backup's secrets; give the one it was made with. Nothing was restored.");
            }

            opened.Add((password, token));
        }

        return new(opened, null);
    }
}
