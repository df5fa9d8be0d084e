using Bunit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PortFwd.Web.Components.Rules;

namespace PortFwd.Web.Tests.Components;

/// <summary>The rule dialog as the rules page opens it, for tests of what saving through it shows.</summary>
internal static class RuleDialogHost
{
    /// <summary>What the dialog needs besides the stores: the clock, and a machine with no listening ports whose host names resolve to nothing.</summary>
    public static void AddMachine(IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IServer>(new NoServer());
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<PortFwd.Web.Hosting.IHostNameResolver>(new DynamicDns.DdnsResolutionTests.FakeResolver());
        services.AddSingleton<PortFwd.Web.Rules.PanelPorts>();
    }

    /// <summary>Opens the dialog to add a rule, types a web server on port 8080 to 192.168.1.20:80 and saves it.</summary>
    public static async Task<IRenderedComponent<MudDialogProvider>> SaveWebServerOn8080Async(BunitContext context)
    {
        var dialogs = context.Render<MudDialogProvider>();
        await dialogs.InvokeAsync(() => context.Services.GetRequiredService<IDialogService>().ShowAsync<RuleDialog>("Add rule"));
        await dialogs.Find("#rule-name").InputAsync("Web server");
        await dialogs.Find("#rule-external-port").InputAsync("8080");
        await dialogs.Find("#rule-internal-host").InputAsync("192.168.1.20");
        await dialogs.Find("#rule-internal-port").InputAsync("80");
        await dialogs.Find("form").SubmitAsync();
        return dialogs;
    }
}
