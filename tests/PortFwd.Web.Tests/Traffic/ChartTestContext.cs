using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PortFwd.Web.Components;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Tests.Traffic;

/// <summary>bUnit with MudBlazor's chart able to draw and a <see cref="BrowserTimeZone"/> per test (a circuit's).</summary>
public abstract class ChartTestContext : BunitContext
{
    protected ChartTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        // The chart fills its box: MudBlazor asks the browser for the box's size before it draws the lines.
        JSInterop.Setup<MudBlazor.Interop.ElementSize>("mudObserveElementSize", _ => true)
            .SetResult(new MudBlazor.Interop.ElementSize { Width = 960, Height = 280, Timestamp = 1 });
        Services.AddMudServices();
        Services.AddPortFwdLocalization();
        Services.AddScoped<BrowserTimeZone>();
    }
}
