using System.Globalization;
using PortFwd.Web.Localization;
using PortFwd.Data.Traffic;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Tests.Localization;

/// <summary>Numbers and dates on a page follow its language, although the process carries no culture data (invariant globalization).</summary>
public sealed class PanelCultureFormatTests
{
    private static readonly DateTime Evening = new(2026, 12, 31, 18, 5, 9, DateTimeKind.Utc);

    [Fact]
    public void Spanish_writes_a_decimal_comma_a_day_first_date_and_Spanish_names()
    {
        var es = PanelCultures.Culture("es");

        Assert.Equal("es", es.Name);
        Assert.Equal("1.234,5", 1234.5.ToString("N1", es));
        Assert.Equal("31/12/2026", Evening.ToString("d", es));
        Assert.Equal("18:05", Evening.ToString("t", es));
        Assert.Equal("jueves, 31 de diciembre de 2026", Evening.ToString("D", es));
        Assert.Equal("jue 31 dic", Evening.ToString("ddd d MMM", es));
    }

    [Fact]
    public void English_keeps_the_formats_the_panel_always_had()
    {
        var en = PanelCultures.Culture("en");

        Assert.Equal("1,234.5", 1234.5.ToString("N1", en));
        Assert.Equal(Evening.ToString("d", CultureInfo.InvariantCulture), Evening.ToString("d", en));
        Assert.Equal("Thu 31 Dec", Evening.ToString("ddd d MMM", en));
    }

    [Fact]
    public void An_unknown_language_is_English_and_Current_names_the_culture_in_force()
    {
        Assert.Equal("en", PanelCultures.Culture("de").Name);
        var ui = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = PanelCultures.Culture("es");
            Assert.Equal("es", PanelCultures.Current);
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            Assert.Equal("en", PanelCultures.Current);
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
        }
    }

    [Fact]
    public void Traffic_figures_write_their_numbers_in_the_page_language()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = PanelCultures.Culture("es");
            Assert.Equal("12,5 MB/s", TrafficUnits.Rate(12_500_000, bits: false));
            Assert.Equal("3,4 GB", TrafficUnits.Amount(3_400_000_000));
            Assert.Equal("12.345", TrafficUnits.Count(12_345));
            Assert.Equal("12,5 ms", TrafficUnits.Latency(new TrafficCounts { Requests = 4, LatencyMicros = 50_000 }));

            CultureInfo.CurrentCulture = PanelCultures.Culture("en");
            Assert.Equal("12.5 MB/s", TrafficUnits.Rate(12_500_000, bits: false));
            Assert.Equal("12,345", TrafficUnits.Count(12_345));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
