using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// bUnit with MudBlazor's services; MudBlazor's JS calls (popovers, key interceptor) answer nothing. A test of a
/// component that asks whether it is interactive says how it renders first: <see cref="RenderAsLive"/> (a connected
/// circuit) or <see cref="RenderAsPrerendered"/>. Either one fixes the services, so add them before.
/// </summary>
public abstract class MudTestContext : BunitContext
{
    /// <param name="addServices">The component's own services; added here because none can be added once the renderer exists.</param>
    protected MudTestContext(Action<IServiceCollection>? addServices = null)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        // The panel's words: English, as for a browser that asks for no other language.
        Services.AddPortFwdLocalization();
        // Per circuit, like the panel: components that show times read the browser's zone (UTC here: no browser answers).
        Services.AddScoped<PortFwd.Web.Components.BrowserTimeZone>();
        addServices?.Invoke(Services);
    }

    /// <summary>Renders from here on as on a connected circuit: event handlers work.</summary>
    protected void RenderAsLive() => SetRendererInfo(new RendererInfo("Server", isInteractive: true));

    /// <summary>Renders from here on as the server does before the circuit connects (prerendering: no event handlers yet).</summary>
    protected void RenderAsPrerendered() => SetRendererInfo(new RendererInfo("Static", isInteractive: false));
}
