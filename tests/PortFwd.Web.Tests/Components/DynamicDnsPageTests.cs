using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortFwd.Core.DynamicDns;
using PortFwd.Data;
using PortFwd.Data.DynamicDns;
using PortFwd.Web.Components;
using DdnsPage = PortFwd.Web.Components.Pages.DynamicDns;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Tests.Components;

/// <summary>The Dynamic DNS page on a real SQLite file: controls wait for the circuit, names saved elsewhere appear, the feeds are let go.</summary>
public sealed class DynamicDnsPageTests() : MudDatabaseTestContext("portfwd-ddns-page-", AddPageServices)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private DdnsStore Store => Services.GetRequiredService<DdnsStore>();

    internal static void AddPageServices(IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PortFwd:PublicAddress:EchoUrls"] = "" }).Build());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPortFwdSettings();
        services.AddPortFwdData(dataDirectory);
        services.AddPublicAddress();
        services.AddPortFwdDynamicDns();
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
    }

    private async Task SaveNameAsync(string hostName)
    {
        var saved = await Store.CreateAsync(new DdnsDraft { Provider = "duckdns", Hostname = hostName, Token = "tok" }, Ct);
        Assert.True(saved.IsSuccess, string.Join(" ", saved.FieldErrors.SelectMany(e => e.Value)));
    }

    private static IEnumerable<AngleSharp.Dom.IElement> Controls(IRenderedComponent<DdnsPage> page) =>
    [
        page.Find("#add-ddns"),
        page.Find("#ddns-table input[type=checkbox]"),
        page.Find("button[aria-label='Update myname.duckdns.org now']"),
        page.Find("button[aria-label='History of myname.duckdns.org']"),
        page.Find("button[aria-label='Edit myname.duckdns.org']"),
        page.Find("button[aria-label='Delete myname.duckdns.org']"),
    ];

    [Fact]
    public async Task Prerendered_before_the_circuit_connects_every_control_is_disabled()
    {
        await SaveNameAsync("myname");
        RenderAsPrerendered();

        var page = Render<DdnsPage>();

        page.WaitForAssertion(() => Assert.Contains("myname.duckdns.org", page.Find("#ddns-table").TextContent, StringComparison.Ordinal), Within);
        Assert.All(Controls(page), control => Assert.True(control.HasAttribute("disabled"), $"{control.OuterHtml} is clickable before the page is live"));
    }

    [Fact]
    public async Task On_a_connected_circuit_every_control_is_enabled_and_the_name_is_pending()
    {
        await SaveNameAsync("myname");
        RenderAsLive();

        var page = Render<DdnsPage>();

        page.WaitForAssertion(() => Assert.Contains("myname.duckdns.org", page.Find("#ddns-table").TextContent, StringComparison.Ordinal), Within);
        Assert.All(Controls(page), control => Assert.False(control.HasAttribute("disabled"), $"{control.OuterHtml} is disabled on a live page"));
        Assert.Equal("pending", page.Find(".ddns-status").GetAttribute("data-status"));
        Assert.Contains("not known yet", page.Find("#ddns-address").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_saved_elsewhere_appears_and_leaving_the_page_ends_its_subscriptions()
    {
        RenderAsLive();
        var updates = Services.GetRequiredService<DdnsUpdater>().Updates;
        var address = Services.GetRequiredService<PublicAddress>().Updates;
        // The updater itself follows the address; the page adds one subscription to each feed.
        var before = (updates.SubscriberCount, address.SubscriberCount);
        var page = Render<DdnsPage>();
        page.WaitForElement("#no-ddns", Within);

        await SaveNameAsync("elsewhere");

        page.WaitForAssertion(() => Assert.Contains("elsewhere.duckdns.org", page.Find("#ddns-table").TextContent, StringComparison.Ordinal), Within);
        Assert.Equal((before.Item1 + 1, before.Item2 + 1), (updates.SubscriberCount, address.SubscriberCount));

        await DisposeComponentsAsync();

        Assert.Equal(before, (updates.SubscriberCount, address.SubscriberCount));
    }
}
