using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Relay.Rules;
using PortFwd.Web.Blocklist;
using PortFwd.Web.Connections;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Components.Traffic;

/// <summary>
/// A rule's connection table and refused attempts, read from the relay each time the traffic sampler ticks
/// (once a second) while the page is open; nothing is read once it is closed. Close ends one connection; Block
/// (shown only when the blocklist is there) blocks the client's address and closes its connections to this rule.
/// </summary>
public partial class ConnectionsSection
{
    private static readonly (ConnectionColumn Column, string LabelKey, bool Right)[] Columns =
    [
        (ConnectionColumn.Client, "Traffic.Connections.Client", false),
        (ConnectionColumn.ExternalPort, "Rules.ExternalPort", false),
        (ConnectionColumn.Since, "Traffic.Connections.Since", false),
        (ConnectionColumn.BytesIn, "Traffic.Connections.In", true),
        (ConnectionColumn.BytesOut, "Traffic.Connections.Out", true),
        (ConnectionColumn.LastActivity, "Traffic.Connections.LastActivity", false),
    ];

    private IReadOnlyList<ConnectionResponse> _rows = [];
    private IReadOnlyList<RefusedAttemptResponse> _refused = [];
    private ConnectionOrder _order = ConnectionOrder.Default;
    private IAddressBlocker? _blocker;

    [Inject]
    public required RuleConnections Connections { get; init; }

    [Inject]
    public required TrafficSampler Sampler { get; init; }

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IServiceProvider Services { get; init; }

    [Parameter, EditorRequired]
    public required ForwardingRule Rule { get; set; }

    private string CountText => _rows.Count == 1
        ? L["Traffic.Connections.CountOne"]
        : L["Traffic.Connections.Count", _rows.Count.ToString("N0", CultureInfo.CurrentCulture)];

    /// <summary>Why an attempt was refused, in the page's language (the API keeps <see cref="RuleConnections.Describe"/>).</summary>
    private string Reason(RefusalReason reason) => reason switch
    {
        RefusalReason.Blocked => L["Traffic.Refused.Blocked"],
        RefusalReason.NotAllowed => L["Traffic.Refused.NotAllowed"],
        RefusalReason.TooManyConnections => L["Traffic.Refused.TooManyConnections"],
        RefusalReason.TooManyFromSource => L["Traffic.Refused.TooManyFromSource"],
        RefusalReason.RateLimited => L["Traffic.Refused.RateLimited"],
        _ => RuleConnections.Describe(reason),
    };

    protected override void OnInitialized()
    {
        // Until the blocklist feature registers one, there is no Block button.
        _blocker = Services.GetService<IAddressBlocker>();
        Follow(Sampler.Updates, TimeSpan.FromSeconds(1), () =>
        {
            Read();
            return Task.CompletedTask;
        });
        Follow(TimeZone.Updates);
    }

    protected override void OnParametersSet() => Read();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The first render showed UTC: the browser's zone is only known once the circuit can ask it.
        if (firstRender && await TimeZone.LoadAsync(Aborted))
        {
            StateHasChanged();
        }
    }

    private void Read()
    {
        _rows = _order.Apply(Connections.List(Rule.Id));
        _refused = Connections.Refused(Rule.Id);
    }

    private void SortBy(ConnectionColumn column)
    {
        _order = _order.Toggle(column);
        _rows = _order.Apply(_rows);
    }

    private string? SortIcon(ConnectionColumn column) =>
        column != _order.Column ? null : _order.Descending ? Icons.Material.Filled.ArrowDownward : Icons.Material.Filled.ArrowUpward;

    private string AriaSort(ConnectionColumn column) =>
        column != _order.Column ? "none" : _order.Descending ? "descending" : "ascending";

    private static string Client(ConnectionResponse row) =>
        row.RemoteAddress.Contains(':', StringComparison.Ordinal) ? $"[{row.RemoteAddress}]:{row.RemotePort}" : $"{row.RemoteAddress}:{row.RemotePort}";

    private void Close(ConnectionResponse row)
    {
        if (Connections.Close(Rule.Id, row.Id))
        {
            Snackbar.Add(L["Traffic.Connections.Closed", Client(row)], Severity.Success);
        }
        else
        {
            Snackbar.Add(L["Traffic.Connections.AlreadyEnded", Client(row)], Severity.Info);
        }

        Read();
    }

    private async Task BlockAsync(ConnectionResponse row)
    {
        if (_blocker is null)
        {
            return;
        }

        var result = await _blocker.BlockAsync(row.RemoteAddress, $"blocked from the connections of {Rule.Name}", Aborted);
        if (!result.IsSuccess)
        {
            Snackbar.Add(L["Traffic.Connections.NotBlocked", row.RemoteAddress, result.Error ?? ""], Severity.Error);
            return;
        }

        // Blocking refuses new connections; the ones open now from that address end too.
        var closed = 0;
        foreach (var open in Connections.List(Rule.Id).Where(c => c.RemoteAddress == row.RemoteAddress))
        {
            closed += Connections.Close(Rule.Id, open.Id) ? 1 : 0;
        }

        Snackbar.Add(L["Traffic.Connections.Blocked", row.RemoteAddress, closed], Severity.Success);
        Read();
    }
}
