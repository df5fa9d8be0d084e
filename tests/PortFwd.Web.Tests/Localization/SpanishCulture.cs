using System.Text.RegularExpressions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Tests.Localization;

/// <summary>
/// A component test in Spanish, as for a browser that asks for es-ES, and the English a Spanish page must not show:
/// the words of the page's own resource keys, read from Ui.resx.
/// </summary>
internal static partial class SpanishCulture
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

    /// <summary>
    /// The English phrases (two words or more, between placeholders) of the keys under <paramref name="prefixes"/> that
    /// <paramref name="shown"/> still holds; empty when the page speaks only Spanish. A single English word is left to
    /// the tests' own asserts: many are part of Spanish ones ("Import" in "Importar").
    /// </summary>
    public static IReadOnlyList<string> EnglishLeftIn(string shown, params string[] prefixes)
    {
        var english = ResxFile.Read("Ui.resx");
        var spanish = ResxFile.Read("Ui.es.resx");
        return [.. english
            .Where(e => prefixes.Any(p => e.Key.StartsWith(p, StringComparison.Ordinal)) && spanish[e.Key] != e.Value)
            .SelectMany(e => Placeholder().Split(e.Value).Select(f => f.Trim()).Where(f => f.Length >= 8 && f.Contains(' ', StringComparison.Ordinal)))
            .Where(f => shown.Contains(f, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"\{[0-9]+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
