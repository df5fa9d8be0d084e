using Microsoft.AspNetCore.Components;
using PortFwd.Core.Rules;
using PortFwd.Data.Rules;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Rules;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Components.Traffic;

public partial class TrafficRuleList
{
    private static readonly double[] Quiet = new double[60];

    private IReadOnlyList<ForwardingRule>? _rules;
    private int _page;
    private Dictionary<int, RuleRate> _rates = [];

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

    [Parameter]
    public string Id { get; set; } = "traffic-rules";

    /// <summary>Order by the rate now, busiest first (the dashboard); otherwise as the store lists them (by external port).</summary>
    [Parameter]
    public bool BusiestFirst { get; set; }

    /// <summary>Show at most this many rows (the dashboard with hundreds of rules); null shows every rule.</summary>
    [Parameter]
    public int? Limit { get; set; }

    /// <summary>Rows per page, with a pager below (the Traffic page with hundreds of rules); null shows every rule on one page.</summary>
    [Parameter]
    public int? PageSize { get; set; }

    private int PageCount => PageSize is { } size && _rules is { Count: > 0 } rules ? (rules.Count + size - 1) / size : 1;

    /// <summary>How the State column shows a rule; the status chip when not set.</summary>
    [Parameter]
    public RenderFragment<ForwardingRule>? StatusTemplate { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Follow(Sampler.Updates, TimeSpan.FromSeconds(1), () =>
        {
            ReadRates();
            return Task.CompletedTask;
        });
        Follow(RuleList.Updates, refresh: LoadRulesAsync);
        Follow(Statuses.Updates);
        ReadRates();
        await LoadRulesAsync();
    }

    private IEnumerable<TrafficRuleRow> Rows()
    {
        var rows = BusiestFirst ? TrafficRuleRows.BusiestFirst(_rules!, _rates) : TrafficRuleRows.InOrder(_rules!, _rates);
        if (PageSize is { } size)
        {
            // A page past the end (rules were deleted) shows the last one.
            _page = Math.Min(_page, PageCount - 1);
            return rows.Skip(_page * size).Take(size);
        }

        return Limit is { } limit ? rows.Take(limit) : rows;
    }

    private void ReadRates() => _rates = History.Rates(60).ToDictionary(r => r.RuleId);

    private async Task LoadRulesAsync() => _rules = await Store.GetAllAsync(Aborted);
}
