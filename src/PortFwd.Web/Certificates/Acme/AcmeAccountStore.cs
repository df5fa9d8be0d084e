using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using PortFwd.Acme;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Certificates.Acme;

/// <summary>
/// What the panel keeps of its ACME account in the data folder's <c>acme</c> folder: the account key (made once,
/// encrypted with Data Protection under a purpose of its own) and the Certificates page's "use the staging CA" switch.
/// </summary>
public sealed partial class AcmeAccountStore(
    IOptions<AcmeOptions> options,
    IOptions<PortFwdOptions> panel,
    IDataProtectionProvider protection,
    TimeProvider time,
    ILogger<AcmeAccountStore> logger)
{
    private readonly IDataProtector _protector = protection.CreateProtector("PortFwd.Acme.AccountKey.v1");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AcmeAccountKey? _key;
    private bool? _useStaging;

    /// <summary>Notified when the staging switch changed.</summary>
    public ChangeFeed Updates { get; } = new(time);

    private string Folder => Path.Combine(panel.Value.ResolvedDataDirectory, "acme");

    private string KeyPath => Path.Combine(Folder, "account-key");

    private string SettingsPath => Path.Combine(Folder, "settings.json");

    /// <summary>Whether certificates come from the staging CA: the page's saved choice, else <see cref="AcmeOptions.UseStaging"/>.</summary>
    public bool UseStaging => _useStaging ??= ReadSettings()?.UseStaging ?? options.Value.UseStaging;

    /// <summary>The CA in use now; null when issuing is off (its directory URL is empty).</summary>
    public Uri? DirectoryUrl => UseStaging ? options.Value.ParsedStagingDirectoryUrl : options.Value.ParsedDirectoryUrl;

    public string? Email => string.IsNullOrWhiteSpace(options.Value.Email) ? null : options.Value.Email.Trim();

    /// <summary>Saves the page's staging switch; certificates issued from now on come from that CA.</summary>
    public async Task SetUseStagingAsync(bool useStaging, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            PrivateDirectory.Create(Folder);
            await File.WriteAllTextAsync(SettingsPath, JsonSerializer.Serialize(new SavedSettings(useStaging)), cancellationToken);
            _useStaging = useStaging;
        }
        finally
        {
            _gate.Release();
        }

        Updates.Notify();
    }

    /// <summary>The account key: read from the data folder, or made and saved the first time (or when the folder's keys changed).</summary>
    public async Task<AcmeAccountKey> GetAccountKeyAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null)
            {
                return _key;
            }

            if (File.Exists(KeyPath))
            {
                try
                {
                    var saved = _protector.Unprotect(Convert.FromBase64String(await File.ReadAllTextAsync(KeyPath, cancellationToken)));
                    return _key = AcmeAccountKey.FromPkcs8(saved);
                }
                catch (Exception ex) when (ex is CryptographicException or FormatException)
                {
                    // The data folder's keys changed: the CA knows the old account by a key nobody can read any more; start a new one.
                    LogAccountKeyUnreadable(logger);
                }
            }

            var key = AcmeAccountKey.Create();
            PrivateDirectory.Create(Folder);
            await File.WriteAllTextAsync(KeyPath, Convert.ToBase64String(_protector.Protect(key.ExportPkcs8())), cancellationToken);
            return _key = key;
        }
        finally
        {
            _gate.Release();
        }
    }

    private SavedSettings? ReadSettings()
    {
        try
        {
            return File.Exists(SettingsPath) ? JsonSerializer.Deserialize<SavedSettings>(File.ReadAllText(SettingsPath)) : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    private sealed record SavedSettings(bool UseStaging);

    [LoggerMessage(EventId = EventIds.AcmeAccountKeyUnreadable, Level = LogLevel.Warning, Message = "The saved ACME account key cannot be decrypted (the data folder's keys changed); a new account is made.")]
    private static partial void LogAccountKeyUnreadable(ILogger logger);
}
