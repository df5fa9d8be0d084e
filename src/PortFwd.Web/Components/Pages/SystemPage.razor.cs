using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Components.Pages;

/// <summary>The System page: what runs where (version, addresses, data, runtime), the API reference, and backup and restore.</summary>
public partial class SystemPage
{
    private static readonly DateTimeOffset Started = System.Diagnostics.Process.GetCurrentProcess().StartTime;

    [Inject]
    public required IOptionsMonitor<PortFwdOptions> Options { get; init; }

    [Inject]
    public required IServer Server { get; init; }

    [Inject]
    public required BrowserTimeZone TimeZone { get; init; }

    private static string Version => PanelVersion.Text;

    private IEnumerable<string> Addresses => Server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    protected override void OnInitialized() => Follow(TimeZone.Updates);
}
