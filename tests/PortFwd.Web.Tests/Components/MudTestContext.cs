using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// bUnit with MudBlazor's services; MudBlazor's JS calls (popovers, key interceptor) answer nothing. Components render
/// as on a connected circuit unless a test says otherwise with <see cref="RenderAsPrerendered"/>.
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
        addServices?.Invoke(Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>Renders from here on as the server does before the circuit connects (prerendering: no event handlers yet).</summary>
    protected void RenderAsPrerendered() => SetRendererInfo(new RendererInfo("Static", isInteractive: false));
}
