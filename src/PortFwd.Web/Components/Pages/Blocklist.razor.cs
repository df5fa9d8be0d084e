using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Core.Blocklist;
using PortFwd.Web.Blocklist;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Components.Pages;

/// <summary>The Blocklist page: the entries in force with what each refused, the form to block an address, and unblocking.</summary>
public partial class Blocklist
{
    private IReadOnlyList<BlockedEntry>? _entries;
    private BlocklistDraft _form = new();
    private string? _expiresAt;
    private bool _saving;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    [Inject]
    public required BlocklistService Service { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Follow(Service.Updates, TimeSpan.FromMilliseconds(250), LoadAsync);
        Follow(TimeZone.Updates);
        await LoadAsync();
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task LoadAsync() => _entries = await Service.ListAsync(Aborted);

    private async Task AddAsync()
    {
        if (!TryReadExpiry(out var expiresAt))
        {
            _errors = new Dictionary<string, string[]> { [BlocklistFields.ExpiresAt] = [L["Blocklist.ExpiresInvalid"]] };
            return;
        }

        _form.ExpiresAt = expiresAt;
        _saving = true;
        try
        {
            var added = await Service.AddAsync(_form, Aborted);
            if (!added.IsSuccess)
            {
                _errors = added.Messages is { } said
                    ? said.ToDictionary(f => f.Key, f => Array.ConvertAll(f.Value, m => MessageText.Localize(m, L, MessageText.ServicePrefix)), StringComparer.Ordinal)
                    : added.FieldErrors;
                return;
            }

            Snackbar.Add(L["Blocklist.Blocked", added.Entry.Network], Severity.Success);
            _form = new BlocklistDraft();
            _expiresAt = null;
            _errors = new Dictionary<string, string[]>();
            await LoadAsync();
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>The expiry typed in the browser's time zone ("2026-12-31T18:00"), as an instant; empty is none.</summary>
    private bool TryReadExpiry(out DateTimeOffset? expiresAt)
    {
        expiresAt = null;
        if (string.IsNullOrWhiteSpace(_expiresAt))
        {
            return true;
        }

        if (!DateTime.TryParse(_expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        var zone = TimeZone.Zone;
        expiresAt = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(local));
        return true;
    }

    private async Task DeleteAsync(BlocklistEntry entry)
    {
        if (await Service.DeleteAsync(entry.Id, Aborted))
        {
            Snackbar.Add(L["Blocklist.Unblocked", entry.Network], Severity.Info);
        }

        await LoadAsync();
    }
}
