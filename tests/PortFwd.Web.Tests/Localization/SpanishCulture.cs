using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Tests.Localization;

/// <summary>
/// A component test in Spanish, as for a browser that asks for es-ES (the English it must not show is found by
/// <see cref="SpanishUi.EnglishLeftIn"/>).
/// </summary>
internal static class SpanishCulture
{
    /// <summary>
    /// Runs the test in Spanish (numbers, dates) and fixes the context's circuit language to it: the panel takes the
    /// language when the circuit starts. Call it after the services are complete and before the first render.
    /// Disposing puts the test thread's culture back.
    /// </summary>
    public static IDisposable Use(BunitContext context)
    {
        var spanish = InLanguage.Use("es");
        Assert.Equal("es", context.Services.GetRequiredService<PanelLanguage>().UICulture.Name);
        return spanish;
    }
}
