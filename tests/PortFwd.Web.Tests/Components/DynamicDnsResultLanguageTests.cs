using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Core.DynamicDns;
using PortFwd.Data.DynamicDns;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.Tests.Localization;
using DdnsPage = PortFwd.Web.Components.Pages.DynamicDns;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// A name's results on the Dynamic DNS page are said in the page's language from their stored code; a result stored
/// before results had codes is shown in the English it was stored in.
/// </summary>
public sealed class DynamicDnsResultLanguageTests() : MudDatabaseTestContext("portfwd-ddns-results-", DynamicDnsPageTests.AddPageServices)
{
    private const string OldEnglish = "KO: DuckDNS refused the token or the name; check both and save the name again.";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private DdnsStore Store => Services.GetRequiredService<DdnsStore>();

    /// <summary>A name (disabled, so nothing is sent) with an old uncoded refusal and then a coded success in its history, both loaded by the updater.</summary>
    private async Task<int> NameWithTwoResultsAsync()
    {
        var saved = await Store.CreateAsync(new DdnsDraft { Provider = "duckdns", Hostname = "myname", Token = "tok", Enabled = false }, Ct);
        Assert.True(saved.IsSuccess, string.Join(" ", saved.FieldErrors.SelectMany(e => e.Value)));
        var id = saved.Name.Id;
        await Store.RecordAsync(new DdnsUpdate { NameId = id, Time = Start, Address = "203.0.113.6", Status = DdnsStatus.Stopped, Message = OldEnglish }, Ct);
        await Store.RecordAsync(new DdnsUpdate { NameId = id, Time = Start.AddHours(1), Address = "203.0.113.7", Status = DdnsStatus.Good,
            Said = DdnsUpdateMessages.Done.With("OK", "DuckDNS") }, Ct);
        await Services.GetRequiredService<DdnsUpdater>().PassAsync(Ct);
        return id;
    }

    private static List<string> HistoryRows(IRenderedComponent<DdnsPage> page) => [.. page.FindAll("#ddns-history tbody tr").Select(r => r.TextContent)];

    [Fact]
    public async Task In_Spanish_a_coded_result_reads_in_Spanish_and_an_old_uncoded_one_in_its_English()
    {
        await NameWithTwoResultsAsync();
        using var spanish = SpanishUi.Use();

        var page = Render<DdnsPage>();
        page.WaitForAssertion(() => Assert.Contains("OK: DuckDNS ahora apunta el nombre a la dirección.", page.Find("#ddns-table").TextContent, StringComparison.Ordinal), Within);
        Assert.DoesNotContain("now points", page.Find("#ddns-table").TextContent, StringComparison.Ordinal);

        page.Find("button[aria-label='Historial de myname.duckdns.org']").Click();

        page.WaitForAssertion(() => Assert.Equal(2, HistoryRows(page).Count), Within);
        var rows = HistoryRows(page);
        Assert.Contains("good: OK: DuckDNS ahora apunta el nombre a la dirección.", rows[0], StringComparison.Ordinal);
        Assert.Contains($"stopped: {OldEnglish}", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_English_both_read_as_the_API_gives_them()
    {
        await NameWithTwoResultsAsync();

        var page = Render<DdnsPage>();
        page.WaitForAssertion(() => Assert.Contains("OK: DuckDNS now points the name at the address.", page.Find("#ddns-table").TextContent, StringComparison.Ordinal), Within);

        page.Find("button[aria-label='History of myname.duckdns.org']").Click();

        page.WaitForAssertion(() => Assert.Equal(2, HistoryRows(page).Count), Within);
        var rows = HistoryRows(page);
        Assert.Contains("good: OK: DuckDNS now points the name at the address.", rows[0], StringComparison.Ordinal);
        Assert.Contains($"stopped: {OldEnglish}", rows[1], StringComparison.Ordinal);
    }
}
