using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Data.Rules;
using PortFwd.Data.Traffic;
using PortFwd.Relay.Engine;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Reachability;
using PortFwd.Web.Rules;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Components.Traffic;

/// <summary>
/// One rule's traffic: rates now, a live graph (every second) or its history over a range, and totals; and its
/// reachability check, whose steps show in a card as they answer.
/// </summary>
public partial class RuleTrafficPage
{
    // The live range redraws every second; the history ranges read the database every 5 ticks.
    private const int TicksPerHistoryRead = 5;

    // Steps answer a few at a time: a short throttle keeps a check to a few renders.
    private static readonly TimeSpan CheckThrottle = TimeSpan.FromMilliseconds(100);

    private ForwardingRule? _rule;
    private bool _missing;
    private TrafficRange _range = TrafficRange.FiveMinutes;
    private bool _bits;
    private TrafficSeries? _series;
    private TrafficCounts _totals;
    private TrafficGauges _gauges;
    private long _nowIn;
    private long _nowOut;
    private long _nowRequests;
    private int _ticks;
    private bool _refreshing;
    private List<BreadcrumbItem> _crumbs = [];

    /// <summary>"5 minutes", "1 hour", ...: the range's length in the page's language.</summary>
    private string RangeText(TrafficRange range) => L[$"Traffic.Range.{range.Name}"];

    [Inject]
    public required RuleStore Store { get; init; }

    [Inject]
    public required TrafficSampler Sampler { get; init; }

    [Inject]
    public required TrafficHistory History { get; init; }

    [Inject]
    public required RuleStatusBoard Statuses { get; init; }

    [Inject]
    public required RuleListFeed RuleList { get; init; }

    [Inject]
    public required ReachabilityBoard Checks { get; init; }

    [Inject]
    public required IOptionsMonitor<RelayEngineOptions> Relay { get; init; }

    /// <summary>What "closed while idle" means with this panel's idle timeout.</summary>
    private string IdleClosedTitle => Relay.CurrentValue.TcpIdleTimeoutSeconds is > 0 and var seconds
        ? L["Traffic.Rule.IdleClosedTitle", seconds]
        : L["Traffic.Rule.IdleClosedNever"];

    [Parameter]
    public int RuleId { get; set; }

    protected override void OnInitialized()
    {
        Follow(Sampler.Updates, TimeSpan.FromSeconds(1), OnTickAsync);
        Follow(Statuses.Updates);
        Follow(RuleList.Updates, refresh: LoadAsync);
        // A check of this rule answered a step (started here, on the rules page or through the API).
        Follow(Checks.Updates, CheckThrottle);
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _rule = await Store.GetAsync(RuleId, Aborted);
        _missing = _rule is null;
        _crumbs = [new(L["Traffic.PageTitle"], "traffic"), new(_rule?.Name ?? L["Traffic.Rule.Fallback", RuleId], null, disabled: true)];
        await RefreshAsync(reloadHistory: true);
    }

    private async Task OnTickAsync()
    {
        if (_refreshing || _rule is null)
        {
            return;
        }

        await RefreshAsync(reloadHistory: ++_ticks % TicksPerHistoryRead == 0);
    }

    private async Task SelectRangeAsync(TrafficRange range)
    {
        _range = range;
        await RefreshAsync(reloadHistory: true);
    }

    private async Task RefreshAsync(bool reloadHistory)
    {
        if (_rule is null)
        {
            return;
        }

        _refreshing = true;
        try
        {
            var live = await History.GetSeriesAsync(RuleId, TrafficRange.FiveMinutes, Aborted);
            var last = live.Buckets.Length > 0 ? live.Buckets[^1] : default;
            _nowIn = last.BytesIn;
            _nowOut = last.BytesOut;
            _nowRequests = last.Requests;
            _gauges = live.Now;
            if (_range == TrafficRange.FiveMinutes)
            {
                _series = live;
            }
            else if (reloadHistory || _series?.Range != _range)
            {
                _series = await History.GetSeriesAsync(RuleId, _range, Aborted);
            }

            _totals = _series?.Totals ?? default;
        }
        finally
        {
            _refreshing = false;
        }
    }
}
