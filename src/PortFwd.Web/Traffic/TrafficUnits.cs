using System.Globalization;
using PortFwd.Data.Traffic;

namespace PortFwd.Web.Traffic;

/// <summary>
/// Human units for amounts and rates, decimal as network gear shows them (1 KB = 1000 bytes, 1 Mbit/s = 10^6 bit/s);
/// numbers in the culture in force (the page's language: "12.5 MB/s", "12,5 MB/s").
/// </summary>
public static class TrafficUnits
{
    private static readonly string[] ByteRates = ["B/s", "KB/s", "MB/s", "GB/s", "TB/s"];
    private static readonly string[] BitRates = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"];
    private static readonly string[] Amounts = ["B", "KB", "MB", "GB", "TB", "PB"];

    /// <summary>The unit to draw rates up to <paramref name="maxBytesPerSecond"/> in: its name and how many bytes per second one unit is.</summary>
    public static (string Unit, double BytesPerUnit) RateUnit(double maxBytesPerSecond, bool bits)
    {
        var value = bits ? maxBytesPerSecond * 8 : maxBytesPerSecond;
        var names = bits ? BitRates : ByteRates;
        var index = 0;
        while (value >= 1000 && index < names.Length - 1)
        {
            value /= 1000;
            index++;
        }

        var perUnit = Math.Pow(1000, index);
        return (names[index], bits ? perUnit / 8 : perUnit);
    }

    /// <summary>A rate such as "1.25 MB/s" or "10 Mbit/s".</summary>
    public static string Rate(double bytesPerSecond, bool bits)
    {
        var (unit, perUnit) = RateUnit(bytesPerSecond, bits);
        return Number(bytesPerSecond / perUnit) + " " + unit;
    }

    /// <summary>An amount such as "3.4 GB".</summary>
    public static string Amount(long bytes)
    {
        double value = bytes;
        var index = 0;
        while (value >= 1000 && index < Amounts.Length - 1)
        {
            value /= 1000;
            index++;
        }

        return (index == 0 ? bytes.ToString(CultureInfo.CurrentCulture) : Number(value)) + " " + Amounts[index];
    }

    /// <summary>Three significant digits at most: 1.25, 12.5, 125.</summary>
    public static string Number(double value) =>
        value switch
        {
            0 => "0",
            < 10 => value.ToString("0.##", CultureInfo.CurrentCulture),
            < 100 => value.ToString("0.#", CultureInfo.CurrentCulture),
            _ => value.ToString("0", CultureInfo.CurrentCulture),
        };

    /// <summary>A count such as "12,345".</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>The mean time to response headers of the requests that reached the service, e.g. "12.5 ms"; "–" when none did.</summary>
    public static string Latency(in TrafficCounts totals)
    {
        var proxied = totals.Requests - totals.Refused;
        return proxied > 0 ? (totals.LatencyMicros / 1000.0 / proxied).ToString("0.#", CultureInfo.CurrentCulture) + " ms" : "–";
    }
}
