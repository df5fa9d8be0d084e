using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using PortFwd.Web.Backup;

namespace PortFwd.Web.Components.Backup;

/// <summary>
/// The System page's backup and restore: Download backup (with an optional passphrase for the secrets), and a backup file
/// previewed (what it adds, changes, removes, or what stands in the way) before Restore, which is possible only while the
/// shown preview is of the file and passphrase as they are and has no problems.
/// </summary>
public partial class BackupSection : IAsyncDisposable
{
    /// <summary>A backup of a few thousand rules is well under this.</summary>
    internal const long MaxFileBytes = 16 * 1024 * 1024;

    private string? _backupPassphrase;
    private string? _backupError;
    private string? _restorePassphrase;
    private string? _backup;
    private string? _fileName;
    private string? _fileError;
    private RestorePlan? _plan;
    private RestorePlan? _restored;
    private bool _busy;
    private IJSObjectReference? _saveFile;

    [Inject]
    public required ConfigurationBackup Backup { get; init; }

    [Inject]
    public required ConfigurationRestore Restore { get; init; }

    [Inject]
    public required IOptions<JsonOptions> Json { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    private string Changes(int count) => count == 1 ? L["Backup.OneChange"] : L["Backup.Changes", count];

    private string Problems(int count) => count == 1 ? L["Backup.OneProblem"] : L["Backup.Problems", count];

    private string SectionText(string section) => section switch
    {
        BackupSections.Rules => L["Backup.Section.Rule"],
        BackupSections.Ddns => L["Backup.Section.Ddns"],
        BackupSections.Blocklist => L["Backup.Section.Blocklist"],
        BackupSections.Settings => L["Backup.Section.Setting"],
        _ => L["Backup.Section.File"],
    };

    private string ChangeText(RestoreChangeKind change) => change switch
    {
        RestoreChangeKind.Added => L["Backup.Change.Added"],
        RestoreChangeKind.Changed => L["Backup.Change.Changed"],
        _ => L["Backup.Change.Removed"],
    };

    private async Task DownloadAsync()
    {
        _busy = true;
        try
        {
            var passphrase = string.IsNullOrEmpty(_backupPassphrase) ? null : _backupPassphrase;
            if (ConfigurationBackup.PassphraseProblem(passphrase) is not null)
            {
                // The API's English words come from the service; the page says the same in its own language.
                _backupError = L["Backup.PassphraseTooShort", BackupEncryption.MinPassphraseLength];
                return;
            }

            _backupError = null;

            var document = await Backup.CreateAsync(passphrase, Aborted);
            var text = JsonSerializer.Serialize(document, Json.Value.SerializerOptions);
            _saveFile ??= await JS.InvokeAsync<IJSObjectReference>("import", Aborted, "./js/save-file.js");
            await _saveFile.InvokeVoidAsync("saveFile", Aborted, Backup.FileName(), text, "application/json");
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>A preview belongs to the file and passphrase it was made with: any change asks for a new one.</summary>
    private void Changed()
    {
        _plan = null;
        _restored = null;
    }

    private void PassphraseChanged(string? passphrase)
    {
        _restorePassphrase = passphrase;
        Changed();
    }

    private async Task ReadFileAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        Changed();
        _fileError = null;
        _backup = null;
        _fileName = null;
        if (file.Size > MaxFileBytes)
        {
            _fileError = L["Backup.FileTooBig", file.Name, file.Size.ToString("N0", CultureInfo.CurrentCulture)];
            return;
        }

        await using var stream = file.OpenReadStream(MaxFileBytes, Aborted);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        _backup = await reader.ReadToEndAsync(Aborted);
        _fileName = file.Name;
        await PreviewAsync();
    }

    private Task PreviewAsync() => RunAsync(apply: false);

    private Task RestoreAsync() => RunAsync(apply: true);

    private async Task RunAsync(bool apply)
    {
        if (_backup is null)
        {
            return;
        }

        _busy = true;
        try
        {
            _restored = null;
            RestorePlan plan;
            try
            {
                using var document = JsonDocument.Parse(_backup);
                var passphrase = string.IsNullOrEmpty(_restorePassphrase) ? null : _restorePassphrase;
                plan = apply ? await Restore.ApplyAsync(document.RootElement, passphrase, Aborted) : await Restore.PreviewAsync(document.RootElement, passphrase, Aborted);
            }
            catch (JsonException e)
            {
                plan = RestorePlan.Refused(new RestoreProblem(BackupSections.Document, null, null, "format",
                    L["Backup.NotJson", (e.LineNumber ?? 0) + 1]));
            }

            if (plan.Restored)
            {
                _restored = plan;
                _plan = null;
                _backup = null;
                _fileName = null;
            }
            else
            {
                // Something changed since the preview, or there are problems: show what is in the way now.
                _plan = plan;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_saveFile is not null)
        {
            try
            {
                await _saveFile.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }

        GC.SuppressFinalize(this);
    }
}
