using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Components.Traffic;

public partial class TrafficGraph
{
    private static readonly TrafficLines NoLines = new("B/s", [], "0", "0", 0);

    private TrafficLines _lines = NoLines;
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private LineChartOptions _options = new();
    private string _caption = "";

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    /// <summary>The range's buckets; bytes per bucket become a rate per second.</summary>
    [Parameter, EditorRequired]
    public TrafficSeries? Series { get; set; }

    /// <summary>Bits per second (Mbit/s) instead of bytes per second (MB/s).</summary>
    [Parameter]
    public bool Bits { get; set; }

    [Parameter]
    public string Height { get; set; } = "280px";

    [Parameter]
    public string Id { get; set; } = "traffic-chart";

    /// <summary>Requests per second by status class (http rules) instead of bytes.</summary>
    [Parameter]
    public bool Requests { get; set; }

    protected override void OnParametersSet() => Draw();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The first render showed UTC: the browser's zone is only known once the circuit can ask it.
        if (firstRender && await TimeZone.LoadAsync(Aborted))
        {
            Draw();
            StateHasChanged();
        }
    }

    private void Draw()
    {
        if (Series is null)
        {
            _lines = NoLines;
            _series = [];
            _labels = [];
            return;
        }

        _lines = Requests ? TrafficChart.Requests(Series) : TrafficChart.Rates(Series, Bits);
        // New lists every time: the chart redraws when the series reference changes.
        _series = [.. _lines.Lines.Select(l => new ChartSeries<double> { Name = l.Name, Data = new ChartData<double>(l.Values) })];
        _labels = TrafficChart.AxisLabels(Series, TimeZone.ToLocal);
        _options = LineOptions();
        _caption = TrafficChart.Caption(Series.Range.StepSeconds);
    }

    private static LineChartOptions LineOptions() => new()
    {
        ShowDataMarkers = false,
        LineStrokeWidth = 2,
        YAxisRequireZeroPoint = true,
        ClampToZero = true,
        YAxisToStringFunc = v => TrafficUnits.Number(v),
        ShowToolTips = false,
    };
}
