using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Data.Settings;
using PortFwd.Web.Components.Pages;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// What the options checks refuse on the Settings page is said in the page's language (coded where it is made); in
/// English it is the same sentence the start and <c>/api/settings</c> write.
/// </summary>
public sealed class SettingsErrorLanguageTests() : MudDatabaseTestContext("portfwd-settings-errors-", (services, dataDirectory) => SettingsPageTests.AddPageServices(services, dataDirectory))
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_number_out_of_range_and_a_bad_address_are_refused_in_Spanish()
    {
        using var spanish = SpanishUi.Use();
        var page = Render<SettingsPage>();
        page.Find("#setting-routerLeaseSeconds").Input("5");
        page.Find("#setting-listenAddress").Input("10.1");

        page.Find("#settings-save").Click();

        page.WaitForAssertion(() => Assert.Contains("PortFwd:Router:LeaseSeconds vale 5; debe estar entre 120 y 604800.",
            page.Find("#setting-row-routerLeaseSeconds").TextContent, StringComparison.Ordinal), Within);
        var listen = page.Find("#setting-row-listenAddress").TextContent;
        Assert.Contains("PortFwd:ListenAddress es «10.1»; debe ser una dirección IP de esta máquina", listen, StringComparison.Ordinal);
        Assert.DoesNotContain("must be", page.Markup, StringComparison.Ordinal);
        Assert.Empty(PanelSettingStore.ReadAll(DataDirectory));
    }

    [Fact]
    public void In_English_the_page_says_what_the_API_says()
    {
        var page = Render<SettingsPage>();
        page.Find("#setting-reachabilityProbeUrl").Input("http://probe.example/port/");
        page.Find("#setting-listenAddress").Input("10.1");

        page.Find("#settings-save").Click();

        page.WaitForAssertion(() => Assert.Contains(
            "PortFwd:Reachability:ProbeUrl is 'http://probe.example/port/'; it must be an absolute http:// or https:// URL with {port} where the port goes "
            + "(such as https://ifconfig.co/port/{port}), or empty to switch the probe off.",
            page.Find("#setting-row-reachabilityProbeUrl").TextContent, StringComparison.Ordinal), Within);
        Assert.Contains("PortFwd:ListenAddress is '10.1'; it must be an IP address of this machine (such as 0.0.0.0, :: or 192.168.1.10), or empty for every address.",
            page.Find("#setting-row-listenAddress").TextContent, StringComparison.Ordinal);
        Assert.Empty(PanelSettingStore.ReadAll(DataDirectory));
    }
}
