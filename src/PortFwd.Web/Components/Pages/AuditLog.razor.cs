using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using PortFwd.Data.Audit;
using PortFwd.Web.Audit;

namespace PortFwd.Web.Components.Pages;

/// <summary>The Log page (Monitor): the audit log, newest first, filtered by what, who and when, a page at a time.</summary>
public partial class AuditLog
{
    private readonly AuditLogFilter _filter = new();
    private readonly HashSet<long> _open = [];
    private List<AuditEntry>? _entries;
    private bool _hasMore;
    private bool _loading;

    [Inject]
    public required AuditStore Store { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    [Inject]
    public required IOptionsMonitor<AuditOptions> Options { get; init; }

    private int RetentionDays => Options.CurrentValue.RetentionDays;

    /// <summary>
    /// An action in the page's language ("Audit.Action.rule.create"). The entry and the API keep the stable English name,
    /// which the page shows as it is for an action it has no words for.
    /// </summary>
    private string ActionText(string action) => Translated($"Audit.Action.{action}", action);

    /// <summary>How the actor came; with a token, which one ("API token “backup script”").</summary>
    private string ViaText(AuditEntry entry) => entry.Token is { } token && entry.Via == AuditVia.Token
        ? L["Audit.Via.tokenNamed", token]
        : Translated($"Audit.Via.{entry.Via}", entry.Via);

    private string KindLabel(AuditKind kind) => Translated($"Audit.Kind.{(kind.Prefix.Length == 0 ? "all" : kind.Prefix)}", kind.Label);

    private string PeriodLabel(AuditPeriod period) => Translated($"Audit.Period.{period.Name}", period.Label);

    private string Translated(string key, string english) => L[key] is { ResourceNotFound: false } text ? text : english;

    protected override async Task OnInitializedAsync()
    {
        Follow(TimeZone.Updates);
        await ReloadAsync();
    }

    private Task OnKindChangedAsync(string kind)
    {
        _filter.Kind = kind ?? "";
        return ReloadAsync();
    }

    private Task OnActorChangedAsync(string actor)
    {
        _filter.Actor = actor;
        return ReloadAsync();
    }

    private Task OnPeriodChangedAsync(string period)
    {
        _filter.Period = period;
        return ReloadAsync();
    }

    private void Toggle(long id)
    {
        if (!_open.Remove(id))
        {
            _open.Add(id);
        }
    }

    /// <summary>The newest page for the filters as they are now.</summary>
    private async Task ReloadAsync()
    {
        _open.Clear();
        _entries = await ReadAsync(before: null);
    }

    private async Task LoadMoreAsync()
    {
        if (_entries is not { Count: > 0 })
        {
            return;
        }

        _entries = [.. _entries, .. await ReadAsync(_entries[^1].Id)];
    }

    /// <summary>One page; one entry more than shown is read to know whether there is a next page.</summary>
    private async Task<List<AuditEntry>> ReadAsync(long? before)
    {
        _loading = true;
        try
        {
            var read = await Store.ReadAsync(_filter.ToQuery(Time.GetUtcNow(), before), Aborted);
            _hasMore = read.Count > AuditLogFilter.PageSize;
            return [.. read.Take(AuditLogFilter.PageSize)];
        }
        finally
        {
            _loading = false;
        }
    }
}
