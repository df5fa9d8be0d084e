using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace PortFwd.Web.Tests.Components;

/// <summary>bUnit with MudBlazor's services; MudBlazor's JS calls (popovers, key interceptor) answer nothing.</summary>
public abstract class MudTestContext : BunitContext
{
    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
    }
}
