using System.Text.Json;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Localization;

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
        static ReadResult Fail(string field, ValidationMessage message) => new(null, Problem(field, message));

        if (backup.ValueKind != JsonValueKind.Object)
        {
            return Fail("format", RestoreMessages.NotAnObject.With());
        }

        if (!backup.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != BackupDocument.FormatName)
        {
            return Fail("format", RestoreMessages.WrongFormat.With());
        }

        if (!backup.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number)
            || number != BackupDocument.CurrentVersion)
        {
            return Fail("version", RestoreMessages.WrongVersion.With(
                backup.TryGetProperty("version", out var v) ? v.GetRawText() : RestoreMessages.NoVersion.With(), BackupDocument.CurrentVersion));
        }

        foreach (var list in new[] { BackupSections.Rules, BackupSections.Ddns, BackupSections.Blocklist })
        {
            if (!backup.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array)
            {
                return Fail(list, RestoreMessages.NoList.With(list));
            }
        }

        if (!backup.TryGetProperty(BackupSections.Settings, out var saved) || saved.ValueKind != JsonValueKind.Object)
        {
            return Fail(BackupSections.Settings, RestoreMessages.NoSettings.With());
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
            return empty.List is null ? new(document, null) : Fail($"{empty.List}[{empty.Index}]", RestoreMessages.EmptyItem.With(empty.Index + 1, empty.List));
        }
        catch (JsonException e)
        {
            var path = (e.Path ?? "").TrimStart('$', '.');
            return Fail(path.Length == 0 ? "body" : path, path.Length == 0 ? RestoreMessages.WrongTypeWhole.With() : RestoreMessages.WrongType.With(path));
        }
    }

    public sealed record UnsealResult(IReadOnlyList<(string? Password, string? Token)> Secrets, RestoreProblem? Problem);

    /// <summary>Each name's secrets decrypted with the passphrase; a problem when the backup has secrets and the passphrase does not open them.</summary>
    public static UnsealResult Unseal(BackupDocument document, string? passphrase)
    {
        static UnsealResult Fail(string field, ValidationMessage message) => new([], Problem(field, message));

        var none = document.Ddns.Select(_ => ((string?)null, (string?)null)).ToList();
        if (!document.Ddns.Any(n => n.EncryptedPassword is not null || n.EncryptedToken is not null))
        {
            return new(none, null);
        }

        if (document.Encryption is not { } encryption || encryption.Problem() is { } problem)
        {
            return Fail("encryption", document.Encryption is null ? RestoreMessages.NoEncryption.With() : ValidationMessage.Plain(document.Encryption.Problem()!));
        }

        if (string.IsNullOrEmpty(passphrase))
        {
            return Fail("passphrase", RestoreMessages.PassphraseNeeded.With());
        }

        var key = encryption.DeriveKey(passphrase);
        var opened = new List<(string?, string?)>(document.Ddns.Count);
        foreach (var name in document.Ddns)
        {
            var password = name.EncryptedPassword is { } p ? key.Decrypt(p) : null;
            var token = name.EncryptedToken is { } t ? key.Decrypt(t) : null;
            if ((name.EncryptedPassword is not null && password is null) || (name.EncryptedToken is not null && token is null))
            {
                return Fail("passphrase", RestoreMessages.PassphraseWrong.With());
            }

            opened.Add((password, token));
        }

        return new(opened, null);
    }

    private static RestoreProblem Problem(string field, ValidationMessage message) =>
        new(BackupSections.Document, null, null, field, message.Text) { Said = new RestoreWords([message], MessageText.ServicePrefix) };
}
