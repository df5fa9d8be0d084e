using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortFwd.Data;
using PortFwd.Data.Settings;
using PortFwd.Web.Components.Pages;
using PortFwd.Web.Hosting;
using PortFwd.Web.Settings;

namespace PortFwd.Web.Tests.Components;

/// <summary>The Settings page over a real SQLite file and the panel's configuration layers: errors under their field, sources, save and reset.</summary>
public sealed class SettingsPageTests() : MudDatabaseTestContext("portfwd-settings-page-", AddPageServices)
{
    internal static void AddPageServices(IServiceCollection services, string dataDirectory)
    {
        // appsettings.json's part: the router check is configured, everything else is left to its default.
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["PortFwd:Router:ResyncSeconds"] = "90" });
        configuration.AddPanelSettings(dataDirectory);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPortFwdSettings();
        services.AddPortFwdData(dataDirectory);
        services.AddPortFwdPanelSettings();
    }

    private PortFwdOptions Panel => Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue;

    [Fact]
    public void A_value_the_start_would_refuse_shows_under_its_field_and_nothing_is_saved()
    {
        var page = Render<SettingsPage>();
        page.Find("#setting-routerLeaseSeconds").Input("5");
        page.Find("#setting-resyncSeconds").Input("12");

        page.Find("#settings-save").Click();

        page.WaitForAssertion(() => Assert.Contains("PortFwd:Router:LeaseSeconds is 5; it must be from 120 to 604800.", page.Find("#setting-row-routerLeaseSeconds").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("must be", page.Find("#setting-row-resyncSeconds").TextContent, StringComparison.Ordinal);
        Assert.Empty(PanelSettingStore.ReadAll(DataDirectory));
        Assert.Equal((3600, 30), (Panel.Router.LeaseSeconds, Panel.ResyncSeconds));
        Assert.Equal("default", page.Find("#setting-source-resyncSeconds").GetAttribute("data-source"));

        page.Find("#setting-routerLeaseSeconds").Input("about an hour");
        page.Find("#settings-save").Click();
        page.WaitForAssertion(() => Assert.Contains("must be a whole number", page.Find("#setting-row-routerLeaseSeconds").TextContent, StringComparison.Ordinal));
        Assert.Empty(PanelSettingStore.ReadAll(DataDirectory));
    }

    [Fact]
    public void A_saved_value_shows_as_saved_here_and_reset_gives_the_configured_value_back()
    {
        var page = Render<SettingsPage>();
        Assert.Equal("configuration", page.Find("#setting-source-routerResyncSeconds").GetAttribute("data-source"));
        Assert.True(page.Find("#setting-reset-routerResyncSeconds").HasAttribute("disabled"));

        page.Find("#setting-routerResyncSeconds").Input("120");
        page.Find("#settings-save").Click();

        page.WaitForAssertion(() => Assert.Equal("panel", page.Find("#setting-source-routerResyncSeconds").GetAttribute("data-source")));
        Assert.Equal(120, Panel.Router.ResyncSeconds);
        Assert.Equal("120", Assert.Single(PanelSettingStore.ReadAll(DataDirectory), s => s.Key == "PortFwd:Router:ResyncSeconds").Value);
        // Only what was changed is saved: the rest keeps following the configuration and the defaults.
        Assert.Single(PanelSettingStore.ReadAll(DataDirectory));

        page.Find("#setting-reset-routerResyncSeconds").Click();

        page.WaitForAssertion(() => Assert.Equal("configuration", page.Find("#setting-source-routerResyncSeconds").GetAttribute("data-source")));
        Assert.Equal("90", page.Find("#setting-routerResyncSeconds").GetAttribute("value"));
        Assert.Equal(90, Panel.Router.ResyncSeconds);
        Assert.Empty(PanelSettingStore.ReadAll(DataDirectory));
    }
}
