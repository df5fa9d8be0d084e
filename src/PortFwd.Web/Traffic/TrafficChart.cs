using System.Globalization;
using PortFwd.Data.Traffic;

namespace PortFwd.Web.Traffic;

/// <summary>The lines of a rule's traffic graph: values per second in one unit, and what the graph says about them.</summary>
/// <param name="Unit">The unit of every value, e.g. "MB/s" or "requests/s".</param>
/// <param name="Lines">Each line's name and its values, one per bucket.</param>
/// <param name="LastIn">The newest value in (or of requests), formatted.</param>
/// <param name="LastOut">The newest value out, formatted; empty for requests.</param>
/// <param name="Sum">Bytes (or requests) over the whole range.</param>
public sealed record TrafficLines(string Unit, IReadOnlyList<(string Name, double[] Values)> Lines, string LastIn, string LastOut, long Sum);

/// <summary>How a traffic graph turns a series into lines, axis labels and a caption; plain so tests call it directly.</summary>
public static class TrafficChart
{
    /// <summary>In and out as a rate per second, in the unit that suits the largest value (bits or bytes).</summary>
    public static TrafficLines Rates(TrafficSeries series, bool bits)
    {
        ArgumentNullException.ThrowIfNull(series);
        var step = (double)series.Range.StepSeconds;
        var buckets = series.Buckets;
        var max = 0.0;
        long sum = 0;
        foreach (var b in buckets)
        {
            max = Math.Max(max, Math.Max(b.BytesIn, b.BytesOut) / step);
            sum += b.BytesIn + b.BytesOut;
        }

        var (unit, perUnit) = TrafficUnits.RateUnit(max, bits);
        var rateIn = new double[buckets.Length];
        var rateOut = new double[buckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            rateIn[i] = Math.Round(buckets[i].BytesIn / step / perUnit, 3);
            rateOut[i] = Math.Round(buckets[i].BytesOut / step / perUnit, 3);
        }

        var last = buckets.Length > 0 ? buckets[^1] : default;
        return new TrafficLines(
            unit,
            [("In (clients → service)", rateIn), ("Out (service → clients)", rateOut)],
            TrafficUnits.Rate(last.BytesIn / step, bits),
            TrafficUnits.Rate(last.BytesOut / step, bits),
            sum);
    }

    /// <summary>Requests per second by status class (http rules).</summary>
    public static TrafficLines Requests(TrafficSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var step = (double)series.Range.StepSeconds;
        var buckets = series.Buckets;
        double[] PerSecond(Func<TrafficCounts, long> pick) => [.. buckets.Select(b => Math.Round(pick(b) / step, 3))];

        var last = buckets.Length > 0 ? buckets[^1] : default;
        return new TrafficLines(
            "requests/s",
            [
                ("2xx", PerSecond(b => b.Status2xx)),
                ("3xx", PerSecond(b => b.Status3xx)),
                ("4xx", PerSecond(b => b.Status4xx)),
                ("5xx", PerSecond(b => b.Status5xx)),
            ],
            TrafficUnits.Number(last.Requests / step),
            "",
            buckets.Sum(b => b.Requests));
    }

    /// <summary>What one point of the graph stands for, e.g. "one point per 5 minutes".</summary>
    public static string Caption(int stepSeconds) => stepSeconds switch
    {
        1 => "one point per second",
        60 => "one point per minute",
        < 3600 => $"one point per {stepSeconds / 60} minutes",
        3600 => "one point per hour",
        _ => $"one point per {stepSeconds / 3600} hours",
    };

    /// <summary>
    /// About six time labels across the axis, the newest point always labelled and the rest blank so they do not
    /// overlap, in the reader's time (<paramref name="toLocal"/>).
    /// </summary>
    public static string[] AxisLabels(TrafficSeries series, Func<DateTimeOffset, DateTimeOffset> toLocal)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(toLocal);
        var labels = new string[series.Buckets.Length];
        var every = Math.Max(1, labels.Length / 6);
        var format = series.Range.StepSeconds switch
        {
            1 => "HH:mm:ss",
            < 3600 => "HH:mm",
            _ => "MMM d HH:mm",
        };
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = (labels.Length - 1 - i) % every == 0
                ? toLocal(series.TimeOf(i)).ToString(format, CultureInfo.InvariantCulture)
                : "";
        }

        return labels;
    }
}
